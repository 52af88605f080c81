/**
 * Finds the convolution theorem used with too small a transform: an inverse FFT of a product
 * of two FFTs whose size n is less than len(a) + len(b) − 1. The product of spectra is then the
 * circular convolution of length n — the tail wraps onto the start — not the linear one.
 * Read from the graph and the host's previews (lengths and transform sizes), no DSP.
 */
import type { GraphDocument } from '../../../src-shared/graph/document';
import type { Preview } from '../../../src-shared/engine/preview';
import type { Command } from '../../store/commands';

export type PreviewLookup = (node: string, port: string) => Preview | undefined;

interface Extent {
  readonly width: number;
  readonly height: number;
}

export interface CircularConvolution {
  readonly dims: 1 | 2;
  /** The inverse transform, the product and the two forward transforms (a's, then b's). */
  readonly inverse: string;
  readonly multiply: string;
  readonly ffts: readonly [string, string];
  /** The transform size used (height 1 in 1-D). */
  readonly size: Extent;
  /** The inputs' lengths (or image sizes). */
  readonly inputs: readonly [Extent, Extent];
  /** The smallest size that gives the linear convolution: len a + len b − 1 per axis. */
  readonly needed: Extent;
}

function incoming(document: GraphDocument, node: string, handle: string) {
  return document.edges.find((edge) => edge.target === node && edge.targetHandle === handle);
}

function typeOf(document: GraphDocument, id: string): string | undefined {
  return document.nodes.find((node) => node.id === id)?.type;
}

/** The extent of what enters an FFT node, and the size it transformed to, from the previews. */
function transformOf(document: GraphDocument, fft: string, previews: PreviewLookup): { input: Extent; size: Extent } | undefined {
  const edge = incoming(document, fft, 'in');
  if (!edge) return undefined;
  const input = previews(edge.source, edge.sourceHandle);
  const output = previews(fft, 'out');
  if (input?.kind === 'signal' && output?.kind === 'spectrum') {
    return { input: { width: input.length, height: 1 }, size: { width: output.n, height: 1 } };
  }
  if (input?.kind === 'image' && output?.kind === 'spectrum2d') {
    return { input: { width: input.width, height: input.height }, size: { width: output.width, height: output.height } };
  }
  return undefined;
}

/** Every FFT → multiply → IFFT path upstream of `node` (itself included) whose size is too small. */
export function findCircularConvolutions(document: GraphDocument, node: string, previews: PreviewLookup): CircularConvolution[] {
  const found: CircularConvolution[] = [];
  const seen = new Set<string>();
  const queue = [node];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of document.edges) if (edge.target === id) queue.push(edge.source);
    const type = typeOf(document, id);
    if (type !== 'op.ifft' && type !== 'op.ifft2d') continue;
    const dims = type === 'op.ifft' ? 1 : 2;
    const forward = dims === 1 ? 'op.fft' : 'op.fft2d';
    const product = incoming(document, id, 'in');
    if (!product || typeOf(document, product.source) !== 'op.multiply') continue;
    const a = incoming(document, product.source, 'a');
    const b = incoming(document, product.source, 'b');
    if (!a || !b || typeOf(document, a.source) !== forward || typeOf(document, b.source) !== forward) continue;
    const first = transformOf(document, a.source, previews);
    const second = transformOf(document, b.source, previews);
    if (!first || !second) continue;
    // Different sizes cannot be multiplied at all; op.multiply says so itself.
    if (first.size.width !== second.size.width || first.size.height !== second.size.height) continue;
    const needed = {
      width: first.input.width + second.input.width - 1,
      height: dims === 1 ? 1 : first.input.height + second.input.height - 1,
    };
    if (first.size.width >= needed.width && first.size.height >= needed.height) continue;
    found.push({ dims, inverse: id, multiply: product.source, ffts: [a.source, b.source], size: first.size, inputs: [first.input, second.input], needed });
  }
  return found;
}

/** One edit (one undo entry) that sets both FFTs to the size the linear convolution needs. */
export function fixCircularConvolution(problem: CircularConvolution): Command {
  const commands: Command[] = problem.ffts.flatMap((fft): Command[] => [
    { kind: 'setParam', node: fft, name: 'size', value: 'custom' },
    ...(problem.dims === 1
      ? [{ kind: 'setParam', node: fft, name: 'n', value: problem.needed.width } as const]
      : [
          { kind: 'setParam', node: fft, name: 'width', value: problem.needed.width } as const,
          { kind: 'setParam', node: fft, name: 'height', value: problem.needed.height } as const,
        ]),
  ]);
  return { kind: 'batch', commands };
}

/** The warning in words, e.g. for the view and for a screen reader. */
export function describeCircularConvolution(problem: CircularConvolution): string {
  if (problem.dims === 1) {
    const [a, b] = problem.inputs;
    return (
      `${problem.inverse} takes FFTs of size n = ${problem.size.width}, but a linear convolution of ${a.width} and ${b.width} samples ` +
      `has ${problem.needed.width} (${a.width} + ${b.width} − 1): with n < ${problem.needed.width} the product of spectra is a circular ` +
      `convolution, and its last ${problem.needed.width - problem.size.width} samples wrap onto the first.`
    );
  }
  const [a, b] = problem.inputs;
  return (
    `${problem.inverse} takes 2-D FFTs of ${problem.size.width}×${problem.size.height}, but a linear convolution of ${a.width}×${a.height} ` +
    `and ${b.width}×${b.height} is ${problem.needed.width}×${problem.needed.height}: smaller transforms give a circular convolution ` +
    `whose edges wrap around.`
  );
}
