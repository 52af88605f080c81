/**
 * The graph document: plain data, exactly as a `.convolab.json` file holds it (../shared/FORMAT.md).
 */

export const GRAPH_FORMAT = 'convolab.graph';
/**
 * The newest file format version this Convolab reads and writes. 2: kernels without `dims` adapt
 * to what they meet (`dims: auto`); version-1 files are migrated (migrations.ts).
 */
export const GRAPH_VERSION = 2;

export type ParamValue = number | string | boolean | number[] | number[][] | number[][][];
export type Params = Record<string, ParamValue>;

export interface GraphNode {
  id: string;
  type: string;
  position?: { x: number; y: number };
  label?: string;
  params?: Params;
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

export interface GraphDocument {
  format: typeof GRAPH_FORMAT;
  version: number;
  meta?: GraphMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
  viewport?: { x: number; y: number; zoom: number };
}

export function emptyDocument(): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], edges: [] };
}
