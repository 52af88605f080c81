/**
 * What the profiler times for a selection: each selected convolve or correlate node by its own
 * method (1-D or 2-D by the type on its wires), and FFT → multiply → IFFT when the selection
 * holds nodes of that route (the convolution theorem's other half).
 */
import type { DataType } from '../../../src-shared/data';
import type { GraphDocument } from '../../../src-shared/graph/document';
import type { ProfileOperation, ProfileSeriesRequest } from '../../../src-shared/protocol';

const FFT_ROUTE: Readonly<Record<string, 1 | 2>> = { 'op.fft': 1, 'op.ifft': 1, 'op.fft2d': 2, 'op.ifft2d': 2 };

export const OPERATION_WORDS: Readonly<Record<ProfileOperation, string>> = {
  direct: 'direct',
  fft: 'one FFT',
  'overlap-add': 'overlap-add',
  auto: 'auto',
  'fft-chain': 'FFT → × → IFFT',
};

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
    if (node.type === 'op.convolve' || node.type === 'op.correlate') {
      const method = (typeof node.params?.method === 'string' ? node.params.method : 'auto') as ProfileOperation;
      const dims = typeOf(id, 'out') === 'image' ? 2 : 1;
      const correlate = node.type === 'op.correlate';
      add({ label: `${correlate ? 'correlate' : 'convolve'}, ${OPERATION_WORDS[method]}`, operation: method, dims, ...(correlate ? { correlate } : {}) });
    }
    const route = FFT_ROUTE[node.type] ?? (node.type === 'op.multiply' ? (typeOf(id, 'out') === 'spectrum2d' ? 2 : typeOf(id, 'out') === 'spectrum' ? 1 : undefined) : undefined);
    if (route) add({ label: OPERATION_WORDS['fft-chain'], operation: 'fft-chain', dims: route });
  }
  return series;
}
