/**
 * A HeatGrid draws each value as a cell of its own only while the grid is small: a large kernel
 * (a box of size 1024 is a valid param) made a million styled elements and the page stopped
 * answering; past MAX_HEAT_CELLS the same colours go on one canvas.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HeatGrid, MAX_HEAT_CELLS } from '../../../../src-renderer/views/common';

const diverging = { colormap: 'diverging', range: 'symmetric', log: false } as const;

function markup(side: number): string {
  const values = new Float32Array(side * side).fill(1 / (side * side));
  return renderToStaticMarkup(<HeatGrid values={values} width={side} height={side} display={diverging} range={[-1, 1]} numbers={side <= 9} title={`${side}×${side}`} testId="kernel-values" />);
}

const count = (text: string, what: string): number => text.split(what).length - 1;

describe('HeatGrid', () => {
  it('draws a small grid as one cell per value, numbers in them', () => {
    const html = markup(3);
    expect(count(html, 'class="heat-cell"')).toBe(9);
    expect(count(html, '<canvas')).toBe(0);
  });

  it(`draws a grid of more than ${MAX_HEAT_CELLS} values on one canvas, one pixel a value, with no cell elements`, () => {
    const side = Math.ceil(Math.sqrt(MAX_HEAT_CELLS)) + 1;
    const html = markup(side);
    expect(count(html, 'class="heat-cell"')).toBe(0);
    expect(count(html, '<canvas')).toBe(1);
    expect(html).toContain(`width="${side}" height="${side}"`);
    expect(html).toContain('data-testid="kernel-values"');
    expect(html).toContain(`<figcaption>${side}×${side}</figcaption>`);
  });

  it('keeps the largest grid drawn with cells at the limit', () => {
    expect(count(markup(Math.sqrt(MAX_HEAT_CELLS)), 'class="heat-cell"')).toBe(MAX_HEAT_CELLS);
  });
});
