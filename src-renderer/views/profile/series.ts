/**
 * What the profiler times for a selection: each selected convolve or correlate node by its own
 * method (1-D or 2-D by the type on its wires), and FFT → multiply → IFFT when the selection
 * holds nodes of that route (the convolution theorem's other half).
 */
import type { DataType } from '../../../src-shared/data';
import { innerNodeId, type GraphDocument } from '../../../src-shared/graph/document';
import { convolveOperation } from '../../../src-shared/nodes/op.convolve';
import { correlateOperation } from '../../../src-shared/nodes/op.correlate';
import { fftOperation } from '../../../src-shared/nodes/op.fft';
import { fft2dOperation } from '../../../src-shared/nodes/op.fft2d';
import { ifftOperation } from '../../../src-shared/nodes/op.ifft';
import { ifft2dOperation } from '../../../src-shared/nodes/op.ifft2d';
import { multiplyOperation } from '../../../src-shared/nodes/op.multiply';
import type { ProfileOperation, ProfileSeriesRequest } from '../../../src-shared/protocol';

/** The transforms of the FFT route, 1-D or 2-D, named through their definitions. */
const FFT_ROUTE: ReadonlyMap<string, 1 | 2> = new Map([
  [fftOperation.type, 1],
  [ifftOperation.type, 1],
  [fft2dOperation.type, 2],
  [ifft2dOperation.type, 2],
]);

/** The nodes timed by their own method. */
const CONVOLUTIONS: ReadonlySet<string> = new Set([convolveOperation.type, correlateOperation.type]);

/** The node types whose selection offers the profiler (a multiply alone does not: it may not be on the FFT route). */
export const PROFILED_TYPES: ReadonlySet<string> = new Set([...CONVOLUTIONS, ...FFT_ROUTE.keys()]);

export const OPERATION_WORDS: Readonly<Record<ProfileOperation, string>> = {
  direct: 'direct',
  fft: 'one FFT',
  'overlap-add': 'overlap-add',
  auto: 'auto',
  'fft-chain': 'FFT → × → IFFT',
};

/**
 * The type on a port as the graph runs it. Inside a block opened in place (`whole.instance`), an
 * inner node's port is read under its flat id in the whole graph's types (`conv1/conv.out`), as
 * value requests name it: what feeds the block decides it (an image fed in makes the convolve
 * inside 2-D), which the block's content alone cannot tell. Else the shown graph's own types.
 */
export function scopedTypeOf(
  shown: ReadonlyMap<string, DataType>,
  whole?: { readonly instance: string; readonly types: ReadonlyMap<string, DataType> },
): (node: string, port: string) => DataType | undefined {
  return (node, port) => (whole ? whole.types.get(`${innerNodeId(whole.instance, node)}.${port}`) : undefined) ?? shown.get(`${node}.${port}`);
}

export function profileSeriesFor(
  document: GraphDocument,
  selected: readonly string[],
  typeOf: (node: string, port: string) => DataType | undefined,
): ProfileSeriesRequest[] {
  const series: ProfileSeriesRequest[] = [];
  const add = (entry: ProfileSeriesRequest): void => {
    if (!series.some((s) => s.operation === entry.operation && s.dims === entry.dims && !!s.correlate === !!entry.correlate)) series.push(entry);
  };
  for (const id of selected) {
    const node = document.nodes.find((n) => n.id === id);
    if (!node) continue;
    if (CONVOLUTIONS.has(node.type)) {
      const method = (typeof node.params?.method === 'string' ? node.params.method : 'auto') as ProfileOperation;
      const dims = typeOf(id, 'out') === 'image' ? 2 : 1;
      const correlate = node.type === correlateOperation.type;
      add({ label: `${correlate ? 'correlate' : 'convolve'}, ${OPERATION_WORDS[method]}`, operation: method, dims, ...(correlate ? { correlate } : {}) });
    }
    const route = FFT_ROUTE.get(node.type) ?? (node.type === multiplyOperation.type ? (typeOf(id, 'out') === 'spectrum2d' ? 2 : typeOf(id, 'out') === 'spectrum' ? 1 : undefined) : undefined);
    if (route) add({ label: OPERATION_WORDS['fft-chain'], operation: 'fft-chain', dims: route });
  }
  return series;
}
