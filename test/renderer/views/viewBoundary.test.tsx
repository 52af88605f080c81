/**
 * ViewBoundary keeps a view's failure inside the view (a view that threw while rendering blanked
 * the whole editor). No DOM here: React's server renderer does not run error boundaries, so the
 * boundary's own steps are driven as React drives them.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from '../../../src-renderer/views/ViewBoundary';

function boundary(resetKey = 'kernel gaussian1') {
  return new ViewBoundary({ what: 'the Kernel view', resetKey, children: <p>the view</p> });
}

describe('ViewBoundary', () => {
  it('shows its view while nothing failed', () => {
    expect(renderToStaticMarkup(<>{boundary().render()}</>)).toBe('<p>the view</p>');
  });

  it('after a failure says which view failed and why in one line, that the graph is untouched, and offers to try again', () => {
    const view = boundary();
    view.state = ViewBoundary.getDerivedStateFromError(new RangeError('Maximum call stack size exceeded\n    at spread'));
    const html = renderToStaticMarkup(<>{view.render()}</>);
    expect(html).toContain('role="alert"');
    expect(html).toContain('The Kernel view failed (Maximum call stack size exceeded). Your graph is untouched');
    expect(html).not.toContain('at spread');
    expect(html).toContain('>try again</button>');
    expect(html).not.toContain('the view</p>');
    // A thrown non-Error is still named.
    expect(ViewBoundary.getDerivedStateFromError('a string').error?.message).toBe('a string');
  });

  it('draws the view again when another node or view is chosen, not on any other update', () => {
    const view = boundary('kernel gaussian2');
    view.state = ViewBoundary.getDerivedStateFromError(new Error('boom'));
    const setState = vi.spyOn(view, 'setState').mockImplementation(() => undefined);
    view.componentDidUpdate({ what: 'the Kernel view', resetKey: 'kernel gaussian2', children: null });
    expect(setState).not.toHaveBeenCalled();
    view.componentDidUpdate({ what: 'the Kernel view', resetKey: 'kernel gaussian1', children: null });
    expect(setState).toHaveBeenCalledWith({ error: undefined });
  });
});
