/** The palette: every node type of the registry, grouped by category, searchable, draggable; then My blocks. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { CATEGORY_TITLES, type NodeCategory } from '../../src-shared/nodes/define';
import { PALETTE_MIME, placeNewNode, viewCentre } from '../canvas/Canvas';
import { searchNodes } from '../canvas/QuickAdd';
import { PaletteLibrary } from '../library/PaletteLibrary';
import { EMPTY_SELECTION } from '../store/document';
import { useEditorStore } from '../store/context';
import { countRender } from '../renderCount';

const ORDER: NodeCategory[] = ['source', 'kernel', 'operation', 'sink'];

export function Palette() {
  countRender('Palette');
  const [query, setQuery] = useState('');
  const store = useEditorStore();
  const flow = useReactFlow();
  // The same search as quick add: every word must match; best matches first within a category.
  const matching = useMemo(() => searchNodes(query), [query]);
  const groups = useMemo(
    () =>
      ORDER.map((category) => ({ category, items: matching.filter((d) => d.category === category) })).filter(
        (group) => group.items.length > 0,
      ),
    [matching],
  );

  /** A click adds the node at a free spot in the middle of the view, selected. */
  const addAtCentre = (type: string): void => {
    const id = store.getState().addNode(type, placeNewNode(flow, viewCentre(flow)));
    store.getState().setSelection({ ...EMPTY_SELECTION, nodes: [id] });
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search nodes…"
        value={query}
        aria-label="Search nodes"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter adds the first match, so search-and-add needs no mouse.
          const first = query.trim() ? matching[0] : undefined;
          if (event.key === 'Enter' && first) addAtCentre(first.type);
        }}
      />
      {groups.length === 0 && <p className="palette-empty">No node matches “{query.trim()}”.</p>}
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
      <PaletteLibrary query={query} />
    </aside>
  );
}
