/**
 * A graph of 300 nodes with live previews, for the canvas-at-scale bench (canvas-scale.ts) and
 * its end-to-end check (test/e2e/canvas-scale.spec.ts): 75 chains of source.function ⊛
 * kernel.gaussian → sink.plot, in a grid of 15 rows.
 */
const CHAINS = 75;
const ROWS = 15;

/** 75 chains of four nodes, laid out in a grid: 300 nodes, 225 edges, every one with a preview. */
export function scaleGraph(): string {
  const nodes: object[] = [];
  const edges: object[] = [];
  for (let chain = 0; chain < CHAINS; chain++) {
    const x = Math.floor(chain / ROWS) * 1200;
    const y = (chain % ROWS) * 420;
    const id = (stem: string): string => `${stem}${chain}`;
    nodes.push(
      { id: id('f'), type: 'source.function', position: { x, y }, params: { shape: 'gaussian', sigma: 0.2 + (chain % 9) * 0.05, rate: 256 } },
      { id: id('k'), type: 'kernel.gaussian', position: { x, y: y + 200 }, params: { dims: 1, sigma: 2 + (chain % 5) } },
      { id: id('c'), type: 'op.convolve', position: { x: x + 300, y: y + 60 } },
      { id: id('p'), type: 'sink.plot', position: { x: x + 600, y: y + 40 } },
    );
    edges.push(
      { id: id('ea'), source: id('f'), sourceHandle: 'out', target: id('c'), targetHandle: 'a' },
      { id: id('eb'), source: id('k'), sourceHandle: 'out', target: id('c'), targetHandle: 'b' },
      { id: id('ep'), source: id('c'), sourceHandle: 'out', target: id('p'), targetHandle: 'in' },
    );
  }
  return JSON.stringify({ format: 'convolab.graph', version: 2, meta: { title: '300 nodes' }, nodes, edges });
}
