/**
 * Every edit a user can make to the document, as data (STYLE.md, "Edits as data"): a
 * discriminated union applied by one pure function. The store records each applied command's
 * "before" document for undo; documents are immutable and share structure, so a snapshot costs
 * only the objects the command replaced.
 */
import { innerNodeId, type BlockDefinition, type GraphDocument, type GraphEdge, type GraphNode, type ParamValue } from '../../src-shared/graph/document';
import { expandedSizeProblem as nestingProblem } from '../../src-shared/graph/blocks-check';
import type { Fix } from '../../src-shared/graph/fixes';
import { copiedFrames, framesOf, withFrames, type Frame } from '../../src-shared/graph/frames';
import { idStem, newEdgeId, newNodeId } from '../../src-shared/graph/ids';
import {
  editBlockContent,
  groupAsBlock,
  isBlockNode,
  movePort,
  namedBlockKeys,
  promoteParam,
  renamePort,
  ungroupBlock,
  unpromoteParam,
} from '../../src-shared/graph/blocks';
import { withoutLessonNodes } from '../../src-shared/graph/lesson';
import { updateBlockDefinition } from '../library/libraryEdits';
import {
  copiedReroutes,
  insertReroutePoint,
  keepReroutesOfEdges,
  moveReroutePoint,
  removeReroutePoint,
  withoutReroutesOf,
  withReroutePoints,
  type Reroutes,
} from '../../src-shared/graph/reroutes';

export { idStem, newEdgeId, newNodeId };

export type Position = { readonly x: number; readonly y: number };

export type Command =
  /**
   * Adds nodes (one from the palette, or a duplicated selection with the edges among them, and
   * the reroute points of those edges).
   */
  | {
      readonly kind: 'addNodes';
      readonly nodes: readonly GraphNode[];
      readonly edges?: readonly GraphEdge[];
      readonly reroutes?: Reroutes;
      /** Definitions of pasted block nodes, by key (content keys: one the document has is the same block). */
      readonly blocks?: Readonly<Record<string, BlockDefinition>>;
      /** Frames pasted with the nodes (ids the document does not have yet). */
      readonly frames?: readonly Frame[];
    }
  /** Removes nodes (with every edge that touches them), edges and frames: one delete gesture. */
  | {
      readonly kind: 'remove';
      readonly nodes?: readonly string[];
      readonly edges?: readonly string[];
      readonly frames?: readonly string[];
    }
  /**
   * Adds an edge; an edge already entering the same input is replaced (an input takes one edge).
   * `replaces` removes another edge in the same step: a wire whose end was dragged elsewhere.
   */
  | { readonly kind: 'connect'; readonly edge: GraphEdge; readonly replaces?: string }
  /** Moves nodes and frames to new positions: one whole drag. */
  | {
      readonly kind: 'move';
      readonly nodes?: Readonly<Record<string, Position>>;
      readonly frames?: Readonly<Record<string, Position>>;
    }
  | { readonly kind: 'setParam'; readonly node: string; readonly name: string; readonly value: ParamValue }
  | { readonly kind: 'setLabel'; readonly node: string; readonly label: string | undefined }
  | { readonly kind: 'addFrame'; readonly frame: Frame }
  | { readonly kind: 'updateFrame'; readonly id: string; readonly patch: Partial<Omit<Frame, 'id'>> }
  /** A reroute point on a wire (reroutes.ts), put before its `index`-th point: a double-click. */
  | { readonly kind: 'addReroute'; readonly edge: string; readonly index: number; readonly point: Position }
  /** A wire's `index`-th reroute point moved: one whole drag. */
  | { readonly kind: 'moveReroute'; readonly edge: string; readonly index: number; readonly point: Position }
  | { readonly kind: 'removeReroute'; readonly edge: string; readonly index: number }
  /** Several commands as one edit (one undo entry), applied in order: e.g. set n on both FFTs of a path. */
  | { readonly kind: 'batch'; readonly commands: readonly Command[] }
  /**
   * The selected nodes become one block node `id` (graph/blocks.ts groupAsBlock), taking `frames`
   * in with them; refused: no change.
   */
  | { readonly kind: 'group'; readonly nodes: readonly string[]; readonly id?: string; readonly title?: string; readonly position?: Position; readonly frames?: readonly string[] }
  /** A block node's inner nodes back in the graph in its place. */
  | { readonly kind: 'ungroup'; readonly node: string }
  /** An inner param shown on the block node's face (as `name`, or the param's own name). */
  | { readonly kind: 'promoteParam'; readonly instance: string; readonly node: string; readonly param: string; readonly name?: string }
  | { readonly kind: 'unpromoteParam'; readonly instance: string; readonly name: string }
  | { readonly kind: 'renamePort'; readonly instance: string; readonly side: PortSide; readonly index: number; readonly name: string }
  | { readonly kind: 'movePort'; readonly instance: string; readonly side: PortSide; readonly from: number; readonly to: number }
  /**
   * Any command applied inside block node `instance`'s definition (an edit made with the block
   * opened): one undo entry here, and every instance of the block follows.
   */
  | { readonly kind: 'inBlock'; readonly instance: string; readonly command: Command }
  /**
   * Every instance of block `key` runs `definition` instead (Update from library; a retitle on
   * Save to library); `blocks` holds the definitions a block of blocks names inside, by key.
   */
  | { readonly kind: 'updateBlock'; readonly key: string; readonly definition: BlockDefinition; readonly blocks?: Readonly<Record<string, BlockDefinition>> };

export type PortSide = 'input' | 'output';

/** A one-click fix (src-shared/graph/fixes.ts) as one command: one undo entry. */
export function fixCommand(fix: Fix): Command {
  return { kind: 'batch', commands: fix.edits };
}

/**
 * The document with the definitions added block nodes name and it lacks, and those their blocks
 * inside name (content keys: a key it has is the same block).
 */
function withDefinitions(document: GraphDocument, added: readonly GraphNode[], blocks: Readonly<Record<string, BlockDefinition>> | undefined): GraphDocument {
  if (blocks === undefined) return document;
  const missing = new Set<string>();
  const visit = (nodes: readonly GraphNode[]): void => {
    for (const node of nodes) {
      const key = node.block;
      if (!isBlockNode(node) || key === undefined || missing.has(key) || !Object.hasOwn(blocks, key) || (document.blocks && Object.hasOwn(document.blocks, key))) continue;
      missing.add(key);
      visit(blocks[key]!.nodes);
    }
  };
  visit(added);
  if (missing.size === 0) return document;
  const merged = { ...document.blocks };
  for (const key of missing) merged[key] = blocks[key]!;
  return { ...document, blocks: merged };
}

function samePosition(a: Position | undefined, b: Position): boolean {
  return a !== undefined && a.x === b.x && a.y === b.y;
}

/** `frame` without the removed nodes and frames in its hidden lists (the same object when none were there). */
function withoutHidden(frame: Frame, nodes: ReadonlySet<string>, frames: ReadonlySet<string>): Frame {
  // A hand-edited file may hold anything there: only lists are pruned.
  const hiddenNodes = Array.isArray(frame.hiddenNodes) ? frame.hiddenNodes.filter((id) => !nodes.has(id)) : frame.hiddenNodes;
  const hiddenFrames = Array.isArray(frame.hiddenFrames) ? frame.hiddenFrames.filter((id) => !frames.has(id)) : frame.hiddenFrames;
  if (hiddenNodes?.length === frame.hiddenNodes?.length && hiddenFrames?.length === frame.hiddenFrames?.length) return frame;
  return withoutUndefined({ ...frame, hiddenNodes, hiddenFrames });
}

/** A patch sets a key to undefined to remove it (opening a frame drops `collapsed`): the file keeps no such key. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function samePorts(a: GraphEdge, b: GraphEdge): boolean {
  return a.target === b.target && a.targetHandle === b.targetHandle && a.source === b.source && a.sourceHandle === b.sourceHandle;
}

/**
 * The document after `command`. Returns the very same object when the command changes nothing
 * (a move to where the node already is, a param set to its value), so callers can skip history.
 * Whatever the command, reroute points follow their wires: those of removed or replaced wires go,
 * those of a wire whose two ends moved together move along.
 */
export function applyCommand(document: GraphDocument, command: Command): GraphDocument {
  return withoutUnnamedDefinitions(keepReroutesOfEdges(document, applyEdit(document, command)));
}

/**
 * The document without definitions no block node names any more (its last instance deleted or
 * cut): the same object when there are none, so the file never carries a block nobody uses.
 */
function withoutUnnamedDefinitions(document: GraphDocument): GraphDocument {
  const blocks = document.blocks;
  if (blocks === undefined) return document;
  // A block inside a block names its definition too (in the outer definition's nodes).
  const named = namedBlockKeys(document);
  const keys = Object.keys(blocks);
  if (keys.every((key) => named.has(key))) return document;
  const kept = keys.filter((key) => named.has(key));
  const { blocks: _all, ...rest } = document;
  return kept.length === 0 ? rest : { ...rest, blocks: Object.fromEntries(kept.map((key) => [key, blocks[key]!])) };
}

function applyEdit(document: GraphDocument, command: Command): GraphDocument {
  switch (command.kind) {
    case 'addNodes': {
      const taken = new Set(document.nodes.map((node) => node.id));
      const nodes = command.nodes.filter((node) => !taken.has(node.id));
      if (nodes.length === 0) return document;
      const present = new Set([...taken, ...nodes.map((node) => node.id)]);
      const edgeIds = new Set(document.edges.map((edge) => edge.id));
      const edges = (command.edges ?? []).filter(
        (edge) => !edgeIds.has(edge.id) && present.has(edge.source) && present.has(edge.target),
      );
      const added = withDefinitions({ ...document, nodes: [...document.nodes, ...nodes], edges: [...document.edges, ...edges] }, nodes, command.blocks);
      const reroutes = command.reroutes ?? {};
      const rerouted = edges.reduce((next, edge) => (Object.hasOwn(reroutes, edge.id) ? withReroutePoints(next, edge.id, reroutes[edge.id]!) : next), added);
      const frames = framesOf(rerouted);
      const frameIds = new Set(frames.map((frame) => frame.id));
      const newFrames = (command.frames ?? []).filter((frame) => !frameIds.has(frame.id));
      return newFrames.length > 0 ? withFrames(rerouted, [...frames, ...newFrames]) : rerouted;
    }
    case 'remove': {
      const nodes = new Set(command.nodes ?? []);
      const edges = new Set(command.edges ?? []);
      const frames = new Set(command.frames ?? []);
      const keptNodes = document.nodes.filter((node) => !nodes.has(node.id));
      const keptEdges = document.edges.filter(
        (edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target),
      );
      const allFrames = framesOf(document);
      const keptFrames = allFrames.filter((frame) => !frames.has(frame.id));
      if (keptNodes.length === document.nodes.length && keptEdges.length === document.edges.length && keptFrames.length === allFrames.length) {
        return document;
      }
      // A lesson step must not name a node that is gone (the file would not load again).
      const meta = withoutLessonNodes(document.meta, nodes);
      const next = { ...document, nodes: keptNodes, edges: keptEdges, ...(meta !== undefined ? { meta } : {}) };
      // A collapsed frame forgets what is gone, or a new node given a freed id would start hidden.
      const pruned = keptFrames.map((frame) => withoutHidden(frame, nodes, frames));
      const framesChanged = keptFrames.length !== allFrames.length || pruned.some((frame, index) => frame !== keptFrames[index]);
      return framesChanged ? withFrames(next, pruned) : next;
    }
    case 'connect': {
      const { edge, replaces } = command;
      const ids = new Set(document.nodes.map((node) => node.id));
      if (!ids.has(edge.source) || !ids.has(edge.target)) return document;
      const replaced = replaces === undefined ? undefined : document.edges.find((e) => e.id === replaces);
      if (replaced !== undefined) {
        const without = { ...document, edges: document.edges.filter((e) => e.id !== replaced.id) };
        // A wire moved to other ends keeps its id but not its reroute points (they led to the old ends).
        const moved = replaced.id !== edge.id || samePorts(replaced, edge) ? without : withoutReroutesOf(without, [replaced.id]);
        return applyEdit(moved, { kind: 'connect', edge });
      }
      const same = document.edges.find((e) => samePorts(e, edge));
      if (same) return document;
      const edges = document.edges.filter((e) => !(e.target === edge.target && e.targetHandle === edge.targetHandle));
      if (edges.some((e) => e.id === edge.id)) return document;
      return { ...document, edges: [...edges, edge] };
    }
    case 'move': {
      let changed = false;
      const nodes = document.nodes.map((node) => {
        const position = command.nodes?.[node.id];
        if (!position || samePosition(node.position, position)) return node;
        changed = true;
        return { ...node, position: { x: position.x, y: position.y } };
      });
      const frames = framesOf(document).map((frame) => {
        const position = command.frames?.[frame.id];
        if (!position || samePosition(frame, position)) return frame;
        changed = true;
        return { ...frame, x: position.x, y: position.y };
      });
      if (!changed) return document;
      return command.frames ? withFrames({ ...document, nodes }, frames) : { ...document, nodes };
    }
    case 'setParam': {
      let changed = false;
      const nodes = document.nodes.map((node) => {
        if (node.id !== command.node) return node;
        const old = node.params?.[command.name];
        if (old !== undefined && JSON.stringify(old) === JSON.stringify(command.value)) return node;
        changed = true;
        return { ...node, params: { ...node.params, [command.name]: command.value } };
      });
      return changed ? { ...document, nodes } : document;
    }
    case 'setLabel': {
      let changed = false;
      const label = command.label?.trim() || undefined;
      const nodes = document.nodes.map((node) => {
        if (node.id !== command.node || node.label === label) return node;
        changed = true;
        const { label: _old, ...rest } = node;
        return label === undefined ? rest : { ...rest, label };
      });
      return changed ? { ...document, nodes } : document;
    }
    case 'addFrame': {
      const frames = framesOf(document);
      if (frames.some((frame) => frame.id === command.frame.id)) return document;
      return withFrames(document, [...frames, command.frame]);
    }
    case 'updateFrame': {
      const frames = framesOf(document);
      let changed = false;
      const next = frames.map((frame) => {
        if (frame.id !== command.id) return frame;
        const updated = withoutUndefined({ ...frame, ...command.patch });
        if (JSON.stringify(updated) === JSON.stringify(frame)) return frame;
        changed = true;
        return updated;
      });
      return changed ? withFrames(document, next) : document;
    }
    case 'addReroute':
      return insertReroutePoint(document, command.edge, command.index, command.point);
    case 'moveReroute':
      return moveReroutePoint(document, command.edge, command.index, command.point);
    case 'removeReroute':
      return removeReroutePoint(document, command.edge, command.index);
    case 'batch':
      // The edits unwrapped: applyCommand keeps the reroutes in step once, for the whole batch.
      return command.commands.reduce(applyEdit, document);
    case 'group': {
      // groupAsBlock refuses nesting too deep; the size as the graph runs does not change by grouping.
      const grouped = groupAsBlock(document, command.nodes, {
        ...(command.id !== undefined ? { id: command.id } : {}),
        ...(command.title !== undefined ? { title: command.title } : {}),
        ...(command.position !== undefined ? { position: command.position } : {}),
        ...(command.frames !== undefined ? { frames: command.frames } : {}),
      });
      return grouped.ok ? grouped.document : document;
    }
    case 'ungroup': {
      const ungrouped = ungroupBlock(document, command.node);
      return ungrouped.ok ? ungrouped.document : document;
    }
    case 'promoteParam':
      return promoteParam(document, command.instance, { node: command.node, param: command.param }, command.name);
    case 'unpromoteParam':
      return unpromoteParam(document, command.instance, command.name);
    case 'renamePort':
      return renamePort(document, command.instance, command.side, command.index, command.name);
    case 'movePort':
      return movePort(document, command.instance, command.side, command.from, command.to);
    case 'inBlock': {
      const { instance, command: inner } = command;
      // An edit of a block inside this one names it by its path (`outer/inner`), so every
      // instance of the inner block follows, wherever it is (blocks.ts replaceDefinition).
      if (inner.kind === 'inBlock' || inner.kind === 'promoteParam' || inner.kind === 'unpromoteParam' || inner.kind === 'renamePort' || inner.kind === 'movePort') {
        return applyEdit(document, { ...inner, instance: innerNodeId(instance, inner.instance) });
      }
      const next = editBlockContent(document, instance, (content) => applyCommand(content, inner));
      // Blocks pasted or grouped inside may not nest past the limit nor make the graph too large as it runs.
      return next !== document && nestingProblem(next) !== undefined ? document : next;
    }
    case 'updateBlock':
      return updateBlockDefinition(document, command.key, command.definition, command.blocks).document;
  }
}

/**
 * Copies of the given nodes, offset, with fresh ids, and copies of the edges among them and of
 * the given frames (as a paste carries them: graph/frames.ts copiedFrames): what Duplicate adds.
 */
export function duplicateCommand(document: GraphDocument, ids: readonly string[], offset: Position = { x: 40, y: 40 }, frameIds: readonly string[] = []): Command | undefined {
  const chosen = new Set(ids);
  const originals = document.nodes.filter((node) => chosen.has(node.id));
  if (originals.length === 0) return undefined;
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const node of originals) {
    const id = newNodeId(node.type, document, rename.values());
    rename.set(node.id, id);
    const position = node.position ?? { x: 0, y: 0 };
    nodes.push({
      ...structuredClone(node),
      id,
      position: { x: position.x + offset.x, y: position.y + offset.y },
    });
  }
  const edges: GraphEdge[] = [];
  const edgeIds = new Map<string, string>();
  for (const edge of document.edges) {
    const source = rename.get(edge.source);
    const target = rename.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = newEdgeId(document, edgeIds.values());
    edgeIds.set(edge.id, id);
    edges.push({ ...edge, id, source, target });
  }
  // The copied wires keep their reroute points, moved with their nodes.
  const reroutes = copiedReroutes(document, edgeIds, offset);
  const framesChosen = new Set(frameIds);
  const frames = copiedFrames(document, framesOf(document).filter((frame) => framesChosen.has(frame.id)), (id) => rename.get(id), offset);
  return { kind: 'addNodes', nodes, edges, ...(Object.keys(reroutes).length > 0 ? { reroutes } : {}), ...(frames.length > 0 ? { frames } : {}) };
}
