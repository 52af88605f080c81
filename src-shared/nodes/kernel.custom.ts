import { DIMS_PARAM, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelValue, kernelVolume, typeFromDims } from './common';
import { defineNode, fail, ok, type OutputTypeResolver } from './define';

type NonEmpty<T> = [T, ...T[]];
/** Planes of rows, at least one row in one plane (asPlanes makes them so). */
type Planes = NonEmpty<NonEmpty<number[]>>;

/** How deeply `values` nests: 1 a list, 2 a list of rows, 3 a list of planes. */
function nesting(values: unknown): 1 | 2 | 3 {
  if (!Array.isArray(values) || !Array.isArray(values[0])) return 1;
  return Array.isArray((values[0] as unknown[])[0]) ? 3 : 2;
}

/** A nested `values` is an image (rows) or a volume (planes) whatever it meets; a flat list with dims auto adapts. */
const customKernelType: OutputTypeResolver = (params, inputTypes) => {
  if (params.dims === 'auto') {
    const depth = nesting(params.values);
    if (depth === 2) return 'image';
    if (depth === 3) return 'volume';
  }
  return typeFromDims(params, inputTypes);
};

/** What is wrong with `values` for a kernel of `dims` dimensions, in the inspector's words. */
function valuesProblem(dims: number, values: unknown): string | undefined {
  const depth = nesting(values);
  const count = Array.isArray(values) ? values.length : 0;
  if (dims === 1 && depth === 2 && count > 1) return `a 1-D kernel is one list of numbers (got ${count} rows): set dims to 2 or give one row`;
  if (dims === 1 && depth === 3) return `a 1-D kernel is one list of numbers (got ${count} planes): set dims to 3`;
  if (dims === 3 && depth === 2) return 'a 3-D kernel is a list of planes, each a list of rows: wrap the rows in one more [ ] per plane, or set dims to 2';
  if (dims === 2 && depth === 3) return 'a 2-D kernel is a list of rows, not of planes: set dims to 3 (or auto)';
  return undefined;
}

export const customKernel = defineNode({
  type: 'kernel.custom',
  title: 'Custom kernel',
  category: 'kernel',
  tags: ['matrix', 'weights', 'hand-made', 'filter', 'taps', 'FIR', 'impulse response', 'reverb', 'echo'],
  doc:
    'A kernel typed in by hand: a list (1-D), a list of rows, top to bottom (2-D), or a list of planes, front to back, each a ' +
    'list of rows (3-D); with Dimensions auto rows are 2-D, planes 3-D, and a list takes the shape of what it meets. `origin` ' +
    'says which entry sits at offset 0 — [x] for 1-D, [x, y] for 2-D, [x, y, z] for 3-D, counted from 0 — and defaults to ' +
    'the centre, floor(size/2).',
  inputs: [],
  outputs: [{ id: 'out', types: KERNEL_TYPES, resolveType: customKernelType, adapts: KERNEL_DIMS }],
  params: [
    DIMS_PARAM,
    { kind: 'matrix', name: 'values', label: 'Values', default: [[1, 2, 1], [2, 4, 2], [1, 2, 1]], maxCells: 1_000_000, inline: true },
    { kind: 'list', name: 'origin', label: 'Origin', doc: '[x], [x, y] or [x, y, z]; empty means the centre.', default: undefined, minLength: 1, maxLength: 3 },
  ],
  checkParams(params): Record<string, string> | undefined {
    const problem = valuesProblem(Number(params.dims), params.values);
    if (problem) return { values: problem };
    const planes = asPlanes(params.values as number[] | number[][] | number[][][]);
    const origin = params.origin as number[] | undefined;
    if (origin !== undefined) {
      const sizes = [planes[0][0].length, planes[0].length, planes.length];
      const names = ['column', 'row', 'plane'];
      for (let axis = 0; axis < origin.length; axis++) {
        const at = origin[axis]!, size = sizes[axis], name = names[axis];
        if (size === undefined || name === undefined) return { origin: `has ${origin.length} entries: give at most three, [x, y, z]` };
        if (!Number.isInteger(at) || at < 0 || at >= size) return { origin: `[${axis}] must be a ${name} 0..${size - 1} (got ${at})` };
      }
    }
    return undefined;
  },
  compute(_inputs, params) {
    // Nested values keep dims auto through inference (their type is decided): their nesting says it.
    const depth = nesting(params.values);
    const dims = params.dims === 'auto' && depth > 1 ? depth : kernelDims(params);
    const problem = valuesProblem(dims, params.values);
    if (problem) return fail(problem);
    const planes = asPlanes(params.values as number[] | number[][] | number[][][]);
    const origin = params.origin as number[] | undefined;
    if (dims === 3) {
      const [x, y, z] = origin ?? [];
      const centre = { x: Math.floor(planes[0][0].length / 2), y: Math.floor(planes[0].length / 2), z: Math.floor(planes.length / 2) };
      return ok({ out: kernelVolume(planes, origin === undefined ? undefined : { x: x ?? centre.x, y: y ?? centre.y, z: z ?? centre.z }) });
    }
    // A flat list met by a volume (dims 3 from auto) is handled above; here rows are one plane.
    const rows = planes[0];
    const at = origin === undefined ? undefined : { x: origin[0] ?? Math.floor(rows[0].length / 2), y: origin[1] ?? Math.floor(rows.length / 2) };
    return ok({ out: kernelValue(dims, rows, at) });
  },
});

/**
 * `values` as planes of rows: a list is one row of one plane, rows are one plane. nesting() says 2
 * or 3 only when values[0] (and values[0][0]) is an array, so the first plane and row exist.
 */
function asPlanes(values: number[] | number[][] | number[][][]): Planes {
  const depth = nesting(values);
  if (depth === 3) return values as Planes;
  if (depth === 2) return [values as NonEmpty<number[]>];
  return [[values as number[]]];
}
