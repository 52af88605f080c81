/**
 * The palette's "My blocks": the user's library blocks (title, ports), clicked or dragged onto
 * the canvas like node types, and one line for each library file that was skipped. Listed when
 * the palette first shows; Save to library lists it again.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { placeNewNode, viewCentre } from '../canvas/Canvas';
import { useFiles } from '../files/context';
import { useEditorStore } from '../store/context';
import { insertFromLibrary } from './libraryActions';
import { portSummary } from './libraryEdits';
import { LIBRARY_MIME, refreshLibrary, useLibrary } from './libraryStore';
import { SaveBlockDialog } from './SaveBlockDialog';

/** Whether a search matches a library block: every word in its name or title. */
function matches(query: string, text: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => text.toLowerCase().includes(word));
}

export function PaletteLibrary({ query }: { query: string }) {
  const { api } = useFiles();
  const store = useEditorStore();
  const flow = useReactFlow();
  const blocks = useLibrary((state) => state.blocks);
  const skipped = useLibrary((state) => state.skipped);
  const error = useLibrary((state) => state.error);
  useEffect(() => {
    void refreshLibrary(api);
  }, [api]);
  const shown = blocks.filter((block) => matches(query, `${block.name} ${block.definition.title}`));
  const lines = error !== undefined ? [error, ...skipped] : skipped;
  if (shown.length === 0 && lines.length === 0 && query.trim() !== '') return <SaveBlockDialog />;
  return (
    <section aria-label="My blocks">
      <h2>My blocks</h2>
      {blocks.length === 0 && lines.length === 0 && <p className="palette-empty">Right-click a block › Save to library… to keep it here.</p>}
      <ul>
        {shown.map((block) => (
          <li key={block.name}>
            <button
              type="button"
              className="palette-item palette-block category-operation"
              draggable
              title={block.definition.description ?? `${block.definition.title}: ${portSummary(block.definition)}`}
              data-library-block={block.name}
              onDragStart={(event) => {
                event.dataTransfer.setData(LIBRARY_MIME, block.name);
                event.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => insertFromLibrary(store, block, placeNewNode(flow, viewCentre(flow)))}
            >
              {block.definition.title}
              <small className="palette-ports">{portSummary(block.definition)}</small>
            </button>
          </li>
        ))}
      </ul>
      {lines.map((line) => (
        <p key={line} className="palette-warning" role="note" title={line}>
          {/* Under the My blocks heading its own prefix says nothing more. */}
          {line.replace(/^My blocks: /, '')}
        </p>
      ))}
      <SaveBlockDialog />
    </section>
  );
}
