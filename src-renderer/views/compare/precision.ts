/**
 * A Compare of images or volumes that fails only by float32 rounding. Their samples are 32-bit
 * floats (about 7 digits), so two exact routes (direct convolution and FFT → multiply → IFFT)
 * differ by about 1e-7 of the peak: over op.compare's default tolerance of 1e-9, which is made for
 * float64 signals. The rewrites compare such routes at 1e-5 (rewrites.ts); a Compare wired by hand
 * keeps 1e-9 and says FAIL on a correct route. Read from the verdict and the previews, no DSP.
 */
import type { Fix, PreviewLookup } from '../../../src-shared/graph/fixes';
import type { GraphDocument } from '../../../src-shared/graph/document';
import { SAMPLE32_TOLERANCE } from '../../../src-shared/graph/rewrites';

export interface Float32Rounding {
  /** The Compare node. */
  readonly compare: string;
  readonly relError: number;
  readonly tolerance: number;
}

function incoming(document: GraphDocument, node: string, handle: string) {
  return document.edges.find((edge) => edge.target === node && edge.targetHandle === handle);
}

/**
 * The Compare `node` failed (match 0) with a relative error that float32 rounding explains
 * (≤ 1e-5) at a tolerance below that, and both inputs are images or volumes (float32 samples).
 */
export function findFloat32Rounding(
  document: GraphDocument,
  node: string,
  verdict: Readonly<Record<string, number>> | undefined,
  previews: PreviewLookup,
): Float32Rounding | undefined {
  const compare = document.nodes.find((n) => n.id === node);
  if (!compare || !verdict || verdict.match !== 0) return undefined;
  const relError = verdict.relError;
  const tolerance = typeof compare.params?.tolerance === 'number' ? compare.params.tolerance : 1e-9;
  if (relError === undefined || !Number.isFinite(relError) || relError > SAMPLE32_TOLERANCE || tolerance >= SAMPLE32_TOLERANCE) return undefined;
  for (const port of ['a', 'b']) {
    const edge = incoming(document, node, port);
    // Images and volumes preview as images (a volume as its middle plane); both hold float32.
    if (!edge || previews(edge.source, edge.sourceHandle)?.kind !== 'image') return undefined;
  }
  return { compare: node, relError, tolerance };
}

/** Sets the Compare's tolerance to the one the rewrites use for float32 routes. */
export function float32Fix(problem: Float32Rounding): Fix {
  return {
    label: `Set tolerance = 1e-5 on ${problem.compare}`,
    edits: [{ kind: 'setParam', node: problem.compare, name: 'tolerance', value: SAMPLE32_TOLERANCE }],
  };
}

/** The note in words, for the view and for a screen reader. */
export function describeFloat32Rounding(problem: Float32Rounding): string {
  return (
    `Images and volumes hold 32-bit floats (about 7 digits), so two exact routes differ by rounding near 1e-7 of the peak: ` +
    `relative error ${problem.relError.toPrecision(3)} is over tolerance ${problem.tolerance.toPrecision(3)}, which suits 64-bit signals. ` +
    `A tolerance of 1e-5 still fails any real difference.`
  );
}
