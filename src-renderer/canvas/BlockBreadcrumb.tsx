/**
 * The bar over the canvas while a block is open in place: "Graph › FFT convolution". The first
 * item (or Escape with nothing selected) goes back out to the graph.
 */
import { useEditorStore } from '../store/context';
import { useOpenBlock } from './BlockScope';

export function BlockBreadcrumb() {
  const store = useEditorStore();
  const open = useOpenBlock();
  if (!open) return null;
  return (
    <nav className="block-breadcrumb" aria-label="Block path">
      <button type="button" className="link" onClick={() => store.getState().setOpenBlock(undefined)} title="Back to the graph (Esc)">
        Graph
      </button>
      <span aria-hidden="true">›</span>
      <span className="block-breadcrumb-here" aria-current="location">
        ▣ {open.title}
      </span>
      <span className="muted block-breadcrumb-note">
        inside {open.instance}
        {open.instances > 1 ? `: edits change all ${open.instances} instances of this block` : ''}
      </span>
    </nav>
  );
}
