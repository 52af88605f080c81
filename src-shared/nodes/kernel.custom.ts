import { DIMS_PARAM, KERNEL_DIMS, kernelDims, kernelValue, typeFromDims } from './common';
import { defineNode, fail, ok, type OutputTypeResolver } from './define';

/** A nested `values` (a list of rows) is an image whatever it meets; a flat list with dims auto adapts. */
const customKernelType: OutputTypeResolver = (params, inputTypes) => {
  if (params.dims === 'auto' && Array.isArray(params.values) && Array.isArray(params.values[0])) return 'image';
  return typeFromDims(params, inputTypes);
};

export const customKernel = defineNode({
  type: 'kernel.custom',
  title: 'Custom kernel',
  category: 'kernel',
  tags: ['matrix', 'weights', 'hand-made', 'filter', 'taps', 'FIR', 'impulse response', 'reverb', 'echo'],
  doc:
    'A kernel typed in by hand: a list (1-D) or a list of rows, top to bottom (2-D); with Dimensions auto a list of rows is 2-D and a list takes the shape of what it meets. `origin` says which entry sits at ' +
    'offset 0 — [x] for 1-D, [x, y] for 2-D, counted from 0 — and defaults to the centre, floor(size/2).',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal', 'image'], resolveType: customKernelType, adapts: KERNEL_DIMS }],
  params: [
    DIMS_PARAM,
    { kind: 'matrix', name: 'values', label: 'Values', default: [[1, 2, 1], [2, 4, 2], [1, 2, 1]], maxCells: 1_000_000, inline: true },
    { kind: 'list', name: 'origin', label: 'Origin', doc: '[x] or [x, y]; empty means the centre.', default: undefined, minLength: 1, maxLength: 2 },
  ],
  checkParams(params): Record<string, string> | undefined {
    const values = params.values as number[] | number[][];
    const rows = Array.isArray(values[0]) ? (values as number[][]) : [values as number[]];
    if (Number(params.dims) === 1 && rows.length > 1) return { values: `a 1-D kernel is one list of numbers (got ${rows.length} rows): set dims to 2 or give one row` };
    const origin = params.origin as number[] | undefined;
    if (origin !== undefined) {
      const [x, y = Math.floor(rows.length / 2)] = origin;
      if (!Number.isInteger(x) || x < 0 || x >= rows[0].length) return { origin: `[0] must be a column 0..${rows[0].length - 1} (got ${x})` };
      if (!Number.isInteger(y) || y < 0 || y >= rows.length) return { origin: `[1] must be a row 0..${rows.length - 1} (got ${y})` };
    }
    return undefined;
  },
  compute(_inputs, params) {
    const dims = kernelDims(params);
    const values = params.values as number[] | number[][];
    const rows = Array.isArray(values[0]) ? (values as number[][]) : [values as number[]];
    if (dims === 1 && rows.length > 1) return fail(`a 1-D kernel is one list of numbers (got ${rows.length} rows): set dims to 2 or give one row`);
    const origin = params.origin as number[] | undefined;
    const at = origin === undefined ? undefined : { x: origin[0], y: origin[1] ?? Math.floor(rows.length / 2) };
    return ok({ out: kernelValue(dims, rows, at) });
  },
});
