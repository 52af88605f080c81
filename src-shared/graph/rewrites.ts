/**
 * Rewrites that prove themselves (issue 19 §6): an equivalent route for a node, added beside it
 * — never instead of it — with an op.compare between the two routes feeding a value sink, so the
 * equivalence is checked on every run and shows as PASS or FAIL. Each rewrite is found from the
 * document (and the previews' lengths where the document alone cannot tell) and returned as plain
 * edits the editor applies as one undoable command, or as a one-line reason it does not apply.
 *
 *   fft        convolve(a, b), 1-D full → IFFT(FFT(a, n) · FFT(b, n)), n the smallest fast size
 *              ≥ len a + len b − 1, so the circular convolution the DFT computes does not wrap
 *              (then × 1/rate where the convolve has integral on)
 *   correlate  correlate(a, b) → convolve(a, flip(b)) (NODES.md defines correlate so)
 *   separable  convolve(x, k) with a rank-1 2-D kernel k = column ⊗ row → convolve(convolve(x,
 *              row), column): kw + kh multiply-adds per pixel instead of kw·kh
 *   merge      convolve(convolve(x, k1), k2) → convolve(x, convolve(k1, k2)) (associativity)
 */
import type { DataType, Image } from '../data';
import { separateKernel } from '../dsp/convolve2d';
import { fastFftLength } from '../dsp/convolve3d';
import { meetTiming } from '../nodes/common';
import { resolveParams } from '../nodes/define';
import { customKernel } from '../nodes/kernel.custom';
import { compareOperation } from '../nodes/op.compare';
import { convolveOperation } from '../nodes/op.convolve';
import { correlateOperation } from '../nodes/op.correlate';
import { fftOperation } from '../nodes/op.fft';
import { flipOperation } from '../nodes/op.flip';
import { ifftOperation } from '../nodes/op.ifft';
import { multiplyOperation } from '../nodes/op.multiply';
import { scaleOperation } from '../nodes/op.scale';
import { getNodeDefinition } from '../nodes/registry';
import { valueSink } from '../nodes/sink.value';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue, Params } from './document';
import type { DocumentEdit, Extent, Fix, PreviewLookup } from './fixes';
import { newEdgeId, newNodeId } from './ids';
import { staticValue } from './static-value';
import { inferTypes, outputKey } from './validate';

export type RewriteKind = 'fft' | 'correlate' | 'separable' | 'merge';

/** A rewrite ready to apply: its edits add the new route, the compare and the value sink. */
export interface Rewrite extends Fix {
  readonly kind: RewriteKind;
  /** The ids of the nodes it adds, in the order of the route. */
  readonly nodes: readonly string[];
  /** The op.compare between the original route (a) and the new one (b). */
  readonly check: string;
  /** The sink.value that shows the compare's verdict. */
  readonly sink: string;
}

export type RewriteOutcome = { readonly ok: true; readonly rewrite: Rewrite } | { readonly ok: false; readonly reason: string };

/** One rewrite offered for a node: the menu's words, and the rewrite or why it does not apply. */
export interface RewriteChoice {
  readonly kind: RewriteKind;
  readonly title: string;
  readonly outcome: RewriteOutcome;
}

export interface RewriteOptions {
  /** The previews the host last reported: lengths the document alone cannot tell. */
  readonly previews?: PreviewLookup;
  /**
   * Where the block of new nodes goes (its top-left corner, flow coordinates), given its size:
   * the editor finds a free spot near the node. Without it, the block goes below the whole graph.
   */
  readonly place?: (size: Extent) => { readonly x: number; readonly y: number };
}

export const REWRITE_TITLES: Readonly<Record<RewriteKind, string>> = {
  fft: 'Rewrite via FFT',
  correlate: 'Correlate as convolve with a flipped kernel',
  separable: 'Split separable 2-D kernel into two 1-D passes',
  merge: 'Merge two kernels in a chain into one',
};

/** The block's grid: a node with a preview is about 240 × 200 (the canvas's NEW_NODE_SIZE). */
const COLUMN_STEP = 300;
const ROW_STEP = 250;
const NODE_SIZE = { width: 240, height: 200 };
const GAP = 60;

/**
 * The compare's tolerance on relError. Signals are float64: two exact routes differ by rounding
 * (~1e-15 of the peak). Images and volumes hold float32 samples (~7 digits), so their routes
 * differ by ~1e-7 of the peak; 1e-5 still fails any real difference.
 */
const SIGNAL_TOLERANCE = 1e-9;
export const SAMPLE32_TOLERANCE = 1e-5;

interface Port {
  readonly node: string;
  readonly port: string;
}

interface Site {
  readonly document: GraphDocument;
  readonly node: GraphNode;
  /** The node's params with defaults filled in. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The type on the node's output `out` (undefined while open). */
  readonly type: DataType | undefined;
  readonly options: RewriteOptions;
}

/** A rewrite's finder: undefined where it is not about this node at all (no menu entry). */
type Finder = (site: Site) => RewriteOutcome | undefined;

function incoming(document: GraphDocument, node: string, port: string): Port | undefined {
  const edge = document.edges.find((e) => e.target === node && e.targetHandle === port);
  return edge ? { node: edge.source, port: edge.sourceHandle } : undefined;
}

function typeOfNode(document: GraphDocument, id: string): string | undefined {
  return document.nodes.find((node) => node.id === id)?.type;
}

function refuse(reason: string): RewriteOutcome {
  return { ok: false, reason };
}

/**
 * The length of the signal on an output: computed from the document where its node has no inputs
 * (exact even while a run is on its way), else as the last run previewed it.
 */
function signalLength(site: Site, at: Port): number | undefined {
  const value = staticValue(site.document, at.node, at.port);
  if (value?.kind === 'signal') return value.data.length;
  const preview = site.options.previews?.(at.node, at.port);
  return preview?.kind === 'signal' ? preview.length : undefined;
}

/**
 * The rate a convolution with integral on divides by: what its inputs meet at (a kernel takes the
 * timed side's rate) when both are known from the document, else its output's as last previewed.
 */
function convolutionRate(site: Site, a: Port, b: Port): number | undefined {
  const x = staticValue(site.document, a.node, a.port);
  const y = staticValue(site.document, b.node, b.port);
  if (x?.kind === 'signal' && y?.kind === 'signal') {
    const timing = meetTiming(x, y);
    return typeof timing === 'string' ? undefined : timing.rate;
  }
  const preview = site.options.previews?.(site.node.id, 'out');
  return preview?.kind === 'signal' ? preview.rate : undefined;
}

function toleranceFor(type: DataType | undefined): number {
  return type === 'signal' ? SIGNAL_TOLERANCE : SAMPLE32_TOLERANCE;
}

/** The new nodes on a small grid (column, row), the wires among them, then placed as one block. */
class Block {
  private readonly cells: { node: GraphNode; column: number; row: number }[] = [];
  private readonly edges: GraphEdge[] = [];

  constructor(private readonly site: Site) {}

  add(type: string, column: number, row: number, extra: { params?: Params | undefined; label?: string } = {}): string {
    const id = newNodeId(type, this.site.document, this.cells.map((cell) => cell.node.id));
    const node: GraphNode = { id, type, ...(extra.label !== undefined ? { label: extra.label } : {}), ...(extra.params ? { params: extra.params } : {}) };
    this.cells.push({ node, column, row });
    return id;
  }

  wire(from: Port, to: string, handle: string): void {
    const id = newEdgeId(this.site.document, this.edges.map((edge) => edge.id));
    this.edges.push({ id, source: from.node, sourceHandle: from.port, target: to, targetHandle: handle });
  }

  /** The compare of `original` (a) against `rewritten` (b) and its value sink, in the next two columns. */
  check(original: Port, rewritten: Port, column: number, label: string): { check: string; sink: string } {
    const check = this.add(compareOperation.type, column, 0, { label, params: { tolerance: toleranceFor(this.site.type) } });
    this.wire(original, check, 'a');
    this.wire(rewritten, check, 'b');
    const sink = this.add(valueSink.type, column + 1, 0, { label: 'equivalence' });
    this.wire({ node: check, port: 'out' }, sink, 'in');
    return { check, sink };
  }

  finish(kind: RewriteKind, label: string, ends: { check: string; sink: string }): RewriteOutcome {
    const columns = Math.max(...this.cells.map((cell) => cell.column)) + 1;
    const rows = Math.max(...this.cells.map((cell) => cell.row)) + 1;
    const size = { width: (columns - 1) * COLUMN_STEP + NODE_SIZE.width, height: (rows - 1) * ROW_STEP + NODE_SIZE.height };
    const corner = this.site.options.place?.(size) ?? belowGraph(this.site);
    const nodes = this.cells.map(({ node, column, row }) => ({
      ...node,
      position: { x: Math.round(corner.x + column * COLUMN_STEP), y: Math.round(corner.y + row * ROW_STEP) },
    }));
    const edits: DocumentEdit[] = [{ kind: 'addNodes', nodes, edges: this.edges }];
    return { ok: true, rewrite: { kind, label, edits, nodes: nodes.map((node) => node.id), ...ends } };
  }
}

/** Under the node's column, below every node of the graph (clear of nodes of the usual size). */
function belowGraph(site: Site): { x: number; y: number } {
  const lowest = Math.max(...site.document.nodes.map((node) => node.position?.y ?? 0));
  return { x: site.node.position?.x ?? 0, y: lowest + NODE_SIZE.height + GAP };
}

/** The params the user set on a node (defaults stay implicit, as in the user's own nodes). */
function givenParams(node: GraphNode): Params | undefined {
  return node.params && Object.keys(node.params).length > 0 ? { ...node.params } : undefined;
}

function bothInputs(site: Site): { a: Port; b: Port } | string {
  const a = incoming(site.document, site.node.id, 'a');
  const b = incoming(site.document, site.node.id, 'b');
  if (!a || !b) return `${site.node.id} needs both inputs wired first`;
  return { a, b };
}

/** Why a convolution's params keep a rewrite from being exact, or undefined. */
function plainSumProblem(site: Site, id: string, params: Readonly<Record<string, ParamValue>>): string | undefined {
  if (params.integral === true) return `${id} has integral on: turn it off, the new route sums without the 1/rate factor`;
  if (site.type !== 'signal' && params.stride !== 1) return `${id} has stride ${String(params.stride)}: set stride 1 first`;
  return undefined;
}

// ——— 1. Convolution via the convolution theorem ———

function unknownLength(at: Port): string {
  return `the length of ${at.node}'s output is not known until it runs: run the graph, then try again`;
}

const findFft: Finder = (site) => {
  if (site.node.type !== convolveOperation.type || site.type !== 'signal') return undefined;
  const inputs = bothInputs(site);
  if (typeof inputs === 'string') return refuse(inputs);
  if (site.params.mode !== 'full') return refuse(`${site.node.id} has mode ${String(site.params.mode)}: the FFT route gives the full convolution; set mode full first`);
  // With integral on the sum is scaled by 1/rate: the FFT route gets the same scale after IFFT.
  const rate = site.params.integral === true ? convolutionRate(site, inputs.a, inputs.b) : undefined;
  if (site.params.integral === true && rate === undefined) return refuse(`${site.node.id} has integral on and its sample rate is not known until it runs: run the graph, then try again`);
  const lengthA = signalLength(site, inputs.a);
  if (lengthA === undefined) return refuse(unknownLength(inputs.a));
  const lengthB = signalLength(site, inputs.b);
  if (lengthB === undefined) return refuse(unknownLength(inputs.b));
  const n = fastFftLength(lengthA + lengthB - 1);
  const block = new Block(site);
  const fftParams = { size: 'custom', n };
  const fftA = block.add(fftOperation.type, 0, 0, { params: fftParams, label: `FFT n = ${n}` });
  const fftB = block.add(fftOperation.type, 0, 1, { params: fftParams, label: `FFT n = ${n}` });
  const product = block.add(multiplyOperation.type, 1, 0, { label: 'A · B' });
  const back = block.add(ifftOperation.type, 2, 0, { label: 'IFFT' });
  block.wire(inputs.a, fftA, 'in');
  block.wire(inputs.b, fftB, 'in');
  block.wire({ node: fftA, port: 'out' }, product, 'a');
  block.wire({ node: fftB, port: 'out' }, product, 'b');
  block.wire({ node: product, port: 'out' }, back, 'in');
  let route: Port = { node: back, port: 'out' };
  if (rate !== undefined) {
    const scale = block.add(scaleOperation.type, 3, 0, { params: { factor: 1 / rate }, label: `× 1/${rate} (integral)` });
    block.wire(route, scale, 'in');
    route = { node: scale, port: 'out' };
  }
  // IFFT gives n ≥ len a + len b − 1 samples from a.start + b.start: the tail past the full length
  // is zero to rounding, and op.compare zero-fills the shorter side, so no crop is needed.
  const ends = block.check({ node: site.node.id, port: 'out' }, route, rate !== undefined ? 4 : 3, `${site.node.id} = via FFT?`);
  return block.finish('fft', `${REWRITE_TITLES.fft} (n = ${n} ≥ ${lengthA} + ${lengthB} − 1)`, ends);
};

// ——— 2. Correlation as convolution with the flipped kernel ———

const findCorrelate: Finder = (site) => {
  if (site.node.type !== correlateOperation.type) return undefined;
  if (site.type === 'volume') return refuse(`op.flip takes signals and images: ${site.node.id} correlates volumes`);
  const inputs = bothInputs(site);
  if (typeof inputs === 'string') return refuse(inputs);
  const block = new Block(site);
  const flip = block.add(flipOperation.type, 0, 1, { label: 'flip kernel' });
  // Every param of the correlation carries over: mode, boundary, stride, integral mean the same.
  const convolve = block.add(convolveOperation.type, 1, 0, { params: givenParams(site.node), label: `convolve with flip(${inputs.b.node})` });
  block.wire(inputs.b, flip, 'in');
  block.wire(inputs.a, convolve, 'a');
  block.wire({ node: flip, port: 'out' }, convolve, 'b');
  const ends = block.check({ node: site.node.id, port: 'out' }, { node: convolve, port: 'out' }, 2, `${site.node.id} = convolve(flip)?`);
  return block.finish('correlate', REWRITE_TITLES.correlate, ends);
};

// ——— 3. A separable 2-D kernel as two 1-D passes ———

/** Significant digits kept in the factors' taps: float32 kernels hold about 7. */
const TAP_DIGITS = 9;

function tap(value: number): number {
  return Number(value.toPrecision(TAP_DIGITS));
}

/** Rank-1 factors of an image kernel, the row scaled to sum 1 where it can (a smoothing pass). */
function factorKernel(kernel: Image): { column: number[]; row: number[] } | string {
  if (kernel.channels !== 1) return `its kernel has ${kernel.channels} channels: a pass kernel has one`;
  if (kernel.width === 1 || kernel.height === 1) return `its kernel is ${kernel.width}×${kernel.height}: already one pass`;
  const factors = separateKernel(Float64Array.from(kernel.data), kernel.width, kernel.height);
  if (!factors) return `its ${kernel.width}×${kernel.height} kernel is not separable (not an outer product column ⊗ row)`;
  const sum = factors.row.reduce((total, value) => total + value, 0);
  const scale = Math.abs(sum) > 1e-12 ? sum : 1;
  return { row: [...factors.row].map((value) => tap(value / scale)), column: [...factors.column].map((value) => tap(value * scale)) };
}

const findSeparable: Finder = (site) => {
  if (site.node.type !== convolveOperation.type || site.type !== 'image') return undefined;
  const inputs = bothInputs(site);
  if (typeof inputs === 'string') return refuse(inputs);
  const kernel = staticValue(site.document, inputs.b.node, inputs.b.port);
  if (!kernel) return refuse(`${site.node.id}'s kernel comes from ${inputs.b.node}, which is not known before a run: feed it a kernel node`);
  if (kernel.kind !== 'image') return refuse(`${site.node.id}'s kernel is ${kernel.kind === 'signal' ? 'a signal' : `a ${kernel.kind}`}, not an image`);
  const problem = plainSumProblem(site, site.node.id, site.params);
  if (problem) return refuse(problem);
  const factors = factorKernel(kernel);
  if (typeof factors === 'string') return refuse(`${site.node.id}: ${factors}`);
  const block = new Block(site);
  // The kernel's origin splits by axis: the row keeps x, the column y, so both passes land where k does.
  const rowKernel = block.add(customKernel.type, 0, 0, { params: { values: [factors.row], origin: [kernel.origin.x, 0] }, label: `row 1×${kernel.width}` });
  const columnKernel = block.add(customKernel.type, 0, 1, {
    params: { values: factors.column.map((value) => [value]), origin: [0, kernel.origin.y] },
    label: `column ${kernel.height}×1`,
  });
  const rows = block.add(convolveOperation.type, 1, 0, { params: givenParams(site.node), label: 'pass 1: rows' });
  const columns = block.add(convolveOperation.type, 2, 0, { params: givenParams(site.node), label: 'pass 2: columns' });
  block.wire(inputs.a, rows, 'a');
  block.wire({ node: rowKernel, port: 'out' }, rows, 'b');
  block.wire({ node: rows, port: 'out' }, columns, 'a');
  block.wire({ node: columnKernel, port: 'out' }, columns, 'b');
  const ends = block.check({ node: site.node.id, port: 'out' }, { node: columns, port: 'out' }, 3, `${site.node.id} = two passes?`);
  return block.finish('separable', `${REWRITE_TITLES.separable} (${kernel.width} + ${kernel.height} taps instead of ${kernel.width * kernel.height})`, ends);
};

// ——— 4. Two kernels in a chain merged into one ———

const findMerge: Finder = (site) => {
  if (site.node.type !== convolveOperation.type) return undefined;
  const first = incoming(site.document, site.node.id, 'a');
  if (!first || typeOfNode(site.document, first.node) !== convolveOperation.type) return undefined;
  const outer = bothInputs(site);
  if (typeof outer === 'string') return refuse(outer);
  const inner = incoming(site.document, first.node, 'a');
  const innerKernel = incoming(site.document, first.node, 'b');
  if (!inner || !innerKernel) return refuse(`${first.node} needs both inputs wired first`);
  const innerNode = site.document.nodes.find((node) => node.id === first.node)!;
  const innerParams = resolveParams(getNodeDefinition(innerNode.type)!, innerNode.params);
  for (const [id, params] of [[first.node, innerParams], [site.node.id, site.params]] as const) {
    // Only full convolution of zero-extended data is associative: a crop or an edge rule between
    // the two steps changes what the second kernel sees.
    if (params.mode !== 'full') return refuse(`${id} has mode ${String(params.mode)}: merging is exact for mode full only`);
    if (site.type !== 'signal' && params.boundary !== 'zero') return refuse(`${id} has boundary ${String(params.boundary)}: merging is exact for boundary zero only`);
    const problem = plainSumProblem(site, id, params);
    if (problem) return refuse(problem);
  }
  const block = new Block(site);
  const merged = block.add(convolveOperation.type, 0, 1, { label: `${innerKernel.node} * ${outer.b.node}` });
  const method = site.node.params?.method;
  const route = block.add(convolveOperation.type, 1, 0, { ...(method !== undefined ? { params: { method } } : {}), label: 'one pass, merged kernel' });
  block.wire(innerKernel, merged, 'a');
  block.wire(outer.b, merged, 'b');
  block.wire(inner, route, 'a');
  block.wire({ node: merged, port: 'out' }, route, 'b');
  const ends = block.check({ node: site.node.id, port: 'out' }, { node: route, port: 'out' }, 2, `${site.node.id} = merged?`);
  return block.finish('merge', `${REWRITE_TITLES.merge} (${innerKernel.node} * ${outer.b.node})`, ends);
};

const FINDERS: readonly (readonly [RewriteKind, Finder])[] = [
  ['fft', findFft],
  ['merge', findMerge],
  ['correlate', findCorrelate],
  ['separable', findSeparable],
];

/**
 * The rewrites offered for node `id`: those about its kind of node, each ready or with the one
 * line that says why it does not apply. Empty for a node no rewrite is about.
 */
export function rewritesFor(document: GraphDocument, id: string, options: RewriteOptions = {}): RewriteChoice[] {
  const node = document.nodes.find((n) => n.id === id);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!node || !definition) return [];
  const type = inferTypes(document).get(outputKey(id, 'out'));
  const site: Site = { document, node, params: resolveParams(definition, node.params), type, options };
  const choices: RewriteChoice[] = [];
  for (const [kind, find] of FINDERS) {
    const outcome = find(site);
    if (outcome) choices.push({ kind, title: REWRITE_TITLES[kind], outcome });
  }
  return choices;
}

/** One rewrite of node `id`, or why it does not apply (also when it is not about that node). */
export function findRewrite(document: GraphDocument, id: string, kind: RewriteKind, options: RewriteOptions = {}): RewriteOutcome {
  const choice = rewritesFor(document, id, options).find((c) => c.kind === kind);
  return choice?.outcome ?? refuse(`${REWRITE_TITLES[kind]} does not apply to ${id}`);
}
