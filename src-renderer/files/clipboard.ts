/**
 * Copy and paste of nodes as graph-file JSON (FORMAT.md), so a selection travels through the
 * system clipboard to another window, a chat message or a text file and back. Copy writes the
 * selected nodes and the edges among them (with their reroute points), and the frames selected
 * with them, with the file writer;
 * paste reads any text that holds such a graph (code fences and words around it are fine),
 * checks it with the file loader, and gives every pasted node and edge an id the document does
 * not have yet.
 */
import type { GraphDocument, GraphEdge, GraphNode } from '../../src-shared/graph/document';
import { GRAPH_FORMAT, GRAPH_VERSION } from '../../src-shared/graph/document';
import { namedBlockKeys } from '../../src-shared/graph/blocks';
import { loadGraph } from '../../src-shared/graph/load';
import { copiedFrames, frameAmong, framesOf, type Frame } from '../../src-shared/graph/frames';
import { copiedReroutes } from '../../src-shared/graph/reroutes';
import { writeGraph } from '../../src-shared/graph/write';
import { newEdgeId, type Command, type Position } from '../store/commands';

/**
 * The selected nodes and the edges among them, and the selected frames (`frameIds`) with them,
 * as a graph file's text; undefined when no node is selected.
 */
export function copyNodes(document: GraphDocument, ids: readonly string[], frameIds: readonly string[] = []): string | undefined {
  const chosen = new Set(ids);
  const nodes = document.nodes.filter((node) => chosen.has(node.id));
  if (nodes.length === 0) return undefined;
  const edges = document.edges.filter((edge) => chosen.has(edge.source) && chosen.has(edge.target));
  const reroutes = copiedReroutes(document, new Map(edges.map((edge) => [edge.id, edge.id])), { x: 0, y: 0 });
  const framesChosen = new Set(frameIds);
  const keep = (set: Set<string>) => (id: string) => (set.has(id) ? id : undefined);
  const frames = framesOf(document).filter((frame) => framesChosen.has(frame.id)).map((frame) => frameAmong(frame, keep(chosen), keep(framesChosen)));
  const metaParts = { ...(Object.keys(reroutes).length > 0 ? { reroutes } : {}), ...(frames.length > 0 ? { frames } : {}) };
  const meta = Object.keys(metaParts).length > 0 ? { meta: metaParts } : {};
  // A copied block node takes its definition along, and those of the blocks inside it, so it pastes into another graph too.
  const keys = namedBlockKeys({ format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, edges, ...(document.blocks ? { blocks: document.blocks } : {}) });
  const blocks = document.blocks ? Object.fromEntries(Object.entries(document.blocks).filter(([key]) => keys.has(key))) : {};
  return writeGraph({ format: GRAPH_FORMAT, version: GRAPH_VERSION, ...meta, nodes, edges, ...(Object.keys(blocks).length > 0 ? { blocks } : {}) });
}

/**
 * The graph JSON inside a text: the whole text when it is one, else the first fenced code block
 * that holds one, else from the first `{` to the last `}` (a graph pasted in a sentence).
 */
export function findGraphText(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) return trimmed;
  for (const fence of text.matchAll(/```[A-Za-z]*[ \t]*\r?\n([\s\S]*?)```/g)) {
    const body = fence[1]!.trim();
    if (body.startsWith('{') && body.includes(GRAPH_FORMAT)) return body;
  }
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

/**
 * A loader's error about `found`, a part of the pasted `text`, with its `line L, column C` counted
 * in the whole text: the place the user can find in what they pasted, not in the part of it that
 * was read as the graph (`hello {not json}` is wrong at column 8, not 2).
 */
function placedInText(error: string, text: string, found: string): string {
  const place = /^line (\d+), column (\d+): /.exec(error);
  const start = text.indexOf(found);
  if (!place || start <= 0) return error;
  let at = 0;
  for (let line = 1; line < Number(place[1]); line++) at = found.indexOf('\n', at) + 1;
  const index = start + at + Number(place[2]) - 1;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}${error.slice(place[0].length - 2)}`;
}

export type PasteResult =
  | { readonly ok: true; readonly command: Extract<Command, { kind: 'addNodes' }>; readonly nodes: readonly string[]; readonly frames: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** `id` if the document does not have it yet, else its stem with the first free number. */
function freshId(id: string, taken: Set<string>): string {
  if (!taken.has(id)) return id;
  const stem = id.replace(/\d+$/, '') || 'node';
  for (let n = 1; ; n++) {
    const candidate = `${stem}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * What pasting `text` into `document` adds: copies of the nodes in it with fresh ids, wired as
 * they were, placed with their top-left corner at `at` — a point, or what `at` answers for the
 * nodes and the frames with them as they were copied (the canvas finds them a free spot:
 * canvas/flowPlacement.ts) — or
 * else 40 px down and right of where they were. `{ ok: false }` with the loader's one-line error
 * when the text holds no usable graph.
 */
export function pasteNodes(document: GraphDocument, text: string, at?: Position | ((copied: readonly GraphNode[], frames: readonly Frame[]) => Position)): PasteResult {
  const found = findGraphText(text);
  if (found === undefined) return { ok: false, error: 'the clipboard holds no Convolab nodes (graph JSON with "format": "convolab.graph")' };
  const loaded = loadGraph(found, { allowUnknownTypes: true });
  if (!loaded.ok) return { ok: false, error: placedInText(loaded.error, text, found) };
  const pasted = loaded.document;
  if (pasted.nodes.length === 0) return { ok: false, error: 'the pasted graph has no nodes' };

  let left = Infinity;
  let top = Infinity;
  for (const node of pasted.nodes) {
    left = Math.min(left, node.position?.x ?? 0);
    top = Math.min(top, node.position?.y ?? 0);
  }
  const corner = typeof at === 'function' ? at(pasted.nodes, framesOf(pasted)) : at;
  const offset = corner ? { x: Math.round(corner.x - left), y: Math.round(corner.y - top) } : { x: 40, y: 40 };

  const taken = new Set(document.nodes.map((node) => node.id));
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = pasted.nodes.map((node) => {
    const id = freshId(node.id, taken);
    taken.add(id);
    rename.set(node.id, id);
    const position = node.position ?? { x: 0, y: 0 };
    return { ...node, id, position: { x: position.x + offset.x, y: position.y + offset.y } };
  });
  const edgeIds = new Map<string, string>();
  const edges: GraphEdge[] = pasted.edges.map((edge) => {
    const id = newEdgeId(document, edgeIds.values());
    edgeIds.set(edge.id, id);
    return { ...edge, id, source: rename.get(edge.source)!, target: rename.get(edge.target)! };
  });
  // The wires keep their reroute points, moved with their nodes.
  const reroutes = copiedReroutes(pasted, edgeIds, offset);
  // Frames copied with the nodes come along, moved with them, under ids the document does not have.
  const frames = copiedFrames(document, framesOf(pasted), (id) => rename.get(id), offset);
  const command = {
    kind: 'addNodes' as const,
    nodes,
    edges,
    ...(Object.keys(reroutes).length > 0 ? { reroutes } : {}),
    ...(frames.length > 0 ? { frames } : {}),
    ...(pasted.blocks !== undefined ? { blocks: pasted.blocks } : {}),
  };
  return { ok: true, command, nodes: nodes.map((node) => node.id), frames: frames.map((frame) => frame.id) };
}
