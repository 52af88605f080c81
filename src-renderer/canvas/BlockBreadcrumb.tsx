/**
 * The bar over the canvas while a block is open in place: "Graph › FFT convolution", and for a
 * block inside a block "Graph › Outer › Inner". Each item but the last goes back out to that
 * level; Escape with nothing selected goes one level out.
 */
import { Fragment } from 'react';
import { useOpenBlock } from './BlockScope';

export function BlockBreadcrumb() {
  const open = useOpenBlock();
  if (!open) return null;
  // The root store takes whole paths (a scoped store would read them as inside its own block).
  const go = (path: string | undefined): void => open.root.getState().setOpenBlock(path);
  return (
    <nav className="block-breadcrumb" aria-label="Block path">
      <button type="button" className="link" onClick={() => go(undefined)} title={open.around.length === 0 ? 'Back to the graph (Esc)' : 'Back to the graph'}>
        Graph
      </button>
      {open.around.map((step, i) => (
        <Fragment key={step.path}>
          <span aria-hidden="true">›</span>
          <button type="button" className="link" onClick={() => go(step.path)} title={i === open.around.length - 1 ? `Back to ${step.title} (Esc)` : `Back to ${step.title}`}>
            ▣ {step.title}
          </button>
        </Fragment>
      ))}
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
