/**
 * The graph document: plain data, exactly as a `.convolab.json` file holds it (../shared/FORMAT.md).
 */

export const GRAPH_FORMAT = 'convolab.graph';
/**
 * The newest file format version this Convolab reads and writes. 2: kernels without `dims` adapt
 * to what they meet (`dims: auto`); version-1 files are migrated (migrations.ts). 3: blocks
 * (docs/blocks.md), an addition only: a document without block nodes is still written as
 * `GRAPH_VERSION_WITHOUT_BLOCKS`, so older Convolabs keep opening it.
 */
export const GRAPH_VERSION = 3;

/** The version a document without block nodes is written as (write.ts): the same bytes as before blocks. */
export const GRAPH_VERSION_WITHOUT_BLOCKS = 2;

/** The type of a node that runs a block (a subgraph kept once in the document's `blocks`). */
export const BLOCK_TYPE = 'block';

export type ParamValue = number | string | boolean | number[] | number[][] | number[][][];
export type Params = Record<string, ParamValue>;

export interface GraphNode {
  id: string;
  type: string;
  position?: { x: number; y: number };
  label?: string;
  params?: Params;
  /** For a `block` node only: the key of its definition in the document's `blocks`. */
  block?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface LessonStep {
  text: string;
  nodes?: string[];
}

export interface GraphMeta {
  title?: string;
  description?: string;
  lesson?: LessonStep[];
  [key: string]: unknown;
}

/** One inner input port a block input feeds. */
export interface BlockPortEnd {
  node: string;
  handle: string;
}

/**
 * A block's input port: a wire that crossed the selection's border into it. One outer wire may
 * have fed several inner inputs, so a port feeds every end in `to`. Ports are listed in the order
 * the block node shows them.
 */
export interface BlockInput {
  name: string;
  to: BlockPortEnd[];
}

/** A block's output port: the inner output it passes out. */
export interface BlockOutput {
  name: string;
  from: BlockPortEnd;
}

/**
 * A param promoted to the block node's face: setting it on the node sets every inner param in
 * `bind` (all of one kind, e.g. the `n` of both FFTs and the IFFT of an FFT convolution).
 */
export interface BlockParam {
  name: string;
  bind: { node: string; param: string }[];
}

/**
 * A block: a subgraph kept once in the document and run by every `block` node that names its key.
 * Its key is its content's hash (`blockKey` in blocks.ts), so two instances of the same content
 * share one definition, and a library block is the same block wherever it was inserted.
 */
export interface BlockDefinition {
  title: string;
  description?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  inputs: BlockInput[];
  outputs: BlockOutput[];
  params?: BlockParam[];
  /** The inner graph's frames and reroute points, as a document's meta keeps them. */
  meta?: GraphMeta;
}

export interface GraphDocument {
  format: typeof GRAPH_FORMAT;
  version: number;
  meta?: GraphMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Block definitions by key (version 3): only in a document whose nodes include `block` nodes. */
  blocks?: Record<string, BlockDefinition>;
  viewport?: { x: number; y: number; zoom: number };
}

export function emptyDocument(): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], edges: [] };
}

/** Joins a block node's id and an inner node's id into the id the engine runs it under. */
export const BLOCK_ID_SEPARATOR = '/';

/** The id instance `instance`'s inner node `inner` runs under: `conv1/fft`. */
export function innerNodeId(instance: string, inner: string): string {
  return `${instance}${BLOCK_ID_SEPARATOR}${inner}`;
}
