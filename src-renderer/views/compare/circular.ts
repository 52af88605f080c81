/**
 * Finds the convolution theorem used with too small a transform: an inverse FFT of a product
 * of two FFTs whose size n is less than len(a) + len(b) − 1. The product of spectra is then the
 * circular convolution of length n — the tail wraps onto the start — not the linear one.
 * Read from the graph and the host's previews (lengths and transform sizes), no DSP.
 */
import type { GraphDocument } from '../../../src-shared/graph/document';
import { linearSize, transformPair, transformSizeFix, type Extent, type Fix, type PreviewLookup } from '../../../src-shared/graph/fixes';
import { ifftOperation } from '../../../src-shared/nodes/op.ifft';
import { ifft2dOperation } from '../../../src-shared/nodes/op.ifft2d';
import { multiplyOperation } from '../../../src-shared/nodes/op.multiply';
import { fixCommand, type Command } from '../../store/commands';

export type { PreviewLookup };

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
    if (type !== ifftOperation.type && type !== ifft2dOperation.type) continue;
    const dims = type === ifftOperation.type ? 1 : 2;
    const product = incoming(document, id, 'in');
    if (!product || typeOf(document, product.source) !== multiplyOperation.type) continue;
    const pair = transformPair(document, product.source, previews);
    if (!pair || pair.dims !== dims) continue;
    const [first, second] = pair.sizes;
    if (!first || !second) continue;
    // Different sizes cannot be multiplied at all; op.multiply says so itself (and offers the fix).
    if (first.width !== second.width || first.height !== second.height) continue;
    const needed = linearSize(pair);
    if (first.width >= needed.width && first.height >= needed.height) continue;
    found.push({ dims, inverse: id, multiply: product.source, ffts: pair.ffts, size: first, inputs: pair.inputs, needed });
  }
  return found;
}

/** Sets both FFTs to the size the linear convolution needs ("Set n = 419 on fft1 and fft2"). */
export function circularFix(problem: CircularConvolution): Fix {
  return transformSizeFix(problem, problem.needed);
}

/** `circularFix` as one edit (one undo entry). */
export function fixCircularConvolution(problem: CircularConvolution): Command {
  return fixCommand(circularFix(problem));
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
