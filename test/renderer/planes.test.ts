/** A 3-D custom kernel's values (a list of planes) in the inspector's text and grid fields. */
import { describe, expect, it } from 'vitest';
import { fitsGrid } from '../../src-renderer/panels/MatrixEditor';
import { formatNumbers, parseNumberList } from '../../src-renderer/panels/params/numbers';

describe('planes of a 3-D kernel as text', () => {
  const planes = [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[0.5, -1], [2, 3]]];

  it('round-trip through the text area (blank lines between planes) and the one-line field (|)', () => {
    expect(formatNumbers(planes, true)).toBe('1, 2\n3, 4\n\n5, 6\n7, 8\n\n0.5, -1\n2, 3');
    expect(formatNumbers(planes, false)).toBe('1, 2; 3, 4 | 5, 6; 7, 8 | 0.5, -1; 2, 3');
    expect(parseNumberList(formatNumbers(planes, true), true)).toEqual({ ok: true, value: planes });
    expect(parseNumberList(formatNumbers(planes, false), true)).toEqual({ ok: true, value: planes });
  });

  it('keeps a plane of one row a plane, and names the plane of a bad cell', () => {
    expect(parseNumberList('1 2 | 3 4', true)).toEqual({ ok: true, value: [[[1, 2]], [[3, 4]]] });
    const bad = parseNumberList('1 2\n3 4\n\n5 x\n7 8', true);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^plane 2: row 1, item 2, “x”/);
  });

  it('rows stay rows, and planes are never offered as a grid of cells', () => {
    expect(parseNumberList('1 2 1\n2 4 2', true)).toEqual({ ok: true, value: [[1, 2, 1], [2, 4, 2]] });
    expect(fitsGrid(planes as unknown as number[][])).toBe(false);
    expect(fitsGrid([[1, 2], [3, 4]])).toBe(true);
  });
});
