/** The palette: every node type of the registry, grouped by category, searchable, draggable. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { CATEGORY_TITLES, type NodeCategory } from '../../src-shared/nodes/define';
import { NODE_DEFINITIONS } from '../../src-shared/nodes/registry';
import { PALETTE_MIME } from '../canvas/Canvas';
import { useEditorStore } from '../store/context';

const ORDER: NodeCategory[] = ['source', 'kernel', 'operation', 'sink'];

export function Palette() {
  const [query, setQuery] = useState('');
  const store = useEditorStore();
  const flow = useReactFlow();
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matching = NODE_DEFINITIONS.filter(
      (d) => !q || d.title.toLowerCase().includes(q) || d.type.toLowerCase().includes(q) || d.doc.toLowerCase().includes(q),
    );
    return ORDER.map((category) => ({ category, items: matching.filter((d) => d.category === category) })).filter(
      (group) => group.items.length > 0,
    );
  }, [query]);

  const addAtCentre = (type: string): void => {
    const bounds = document.querySelector('.canvas')?.getBoundingClientRect();
    const centre = bounds ? { x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 } : { x: 400, y: 300 };
    const position = flow.screenToFlowPosition(centre);
    const offset = store.getState().document.nodes.length % 6;
    store.getState().addNode(type, { x: position.x - 100 + offset * 24, y: position.y - 60 + offset * 24 });
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {groups.map((group) => (
        <section key={group.category}>
          <h2>{CATEGORY_TITLES[group.category]}</h2>
          <ul>
            {group.items.map((definition) => (
              <li key={definition.type}>
                <button
                  type="button"
                  className={`palette-item category-${definition.category}`}
                  draggable
                  title={definition.doc}
                  data-type={definition.type}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(PALETTE_MIME, definition.type);
                    event.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => addAtCentre(definition.type)}
                >
                  {definition.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
