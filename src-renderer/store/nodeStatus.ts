/**
 * What a node's status line shows, shared by the node on the canvas, the inspector and the status
 * bar: the status itself (a node that only waits for an input is not an error), whether a run has
 * gone on long enough to show as running or to offer Cancel, and its time.
 */
import { useEffect, useState } from 'react';
import type { GraphDocument } from '../../src-shared/graph/document';
import { definitionOf, expandedSize, hasBlockNodes } from '../../src-shared/graph/expand';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { NO_FILE_CHOSEN } from '../../src-shared/nodes/define';
import type { EditorState, NodeState } from './document';
import { edgesInto, nodeById } from './lookup';

/** A run this long shows its progress bar and Cancel button (ms). */
export const LONG_RUN_MS = 500;

const runSizes = new WeakMap<GraphDocument, number>();

/**
 * How many nodes a run of `document` computes, which the status bar's `running… 12 of N nodes`
 * counts up to: a block node runs as its inner nodes (graph/expand.ts), each reported done.
 */
export function nodesInRun(document: GraphDocument): number {
  if (!hasBlockNodes(document)) return document.nodes.length;
  let count = runSizes.get(document);
  if (count === undefined) runSizes.set(document, (count = expandedSize(document).nodes));
  return count;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A node (or run) quicker than this is never drawn as running: while a slider is dragged, nodes
 * keep showing their last result until the new one arrives, instead of flickering (ms).
 */
export const SHOW_RUNNING_MS = 150;

/** True once `startedAt` lies `after` ms in the past (re-renders when that moment comes). */
export function useIsLong(startedAt: number | undefined, running: boolean, after = LONG_RUN_MS): boolean {
  const [long, setLong] = useState(false);
  useEffect(() => {
    setLong(false);
    if (!running || startedAt === undefined) return;
    const wait = after - (performance.now() - startedAt);
    if (wait <= 0) {
      setLong(true);
      return;
    }
    const timer = setTimeout(() => setLong(true), wait);
    return () => clearTimeout(timer);
  }, [startedAt, running, after]);
  return long;
}

/**
 * Required inputs of a node that no wire enters, as one string (`a,b`), from the document alone:
 * a node that only waits for its inputs is not broken, and is drawn as waiting, not as an error.
 */
export function unconnectedInputs(state: EditorState, nodeId: string): string {
  const node = nodeById(state.document.nodes, nodeId);
  const into = node ? edgesInto(state.document.edges, nodeId) : [];
  // A block node's inputs are its block's ports; one an inner node needs says so as the block's own.
  const block = node ? definitionOf(state.document, node) : undefined;
  if (block) return block.inputs.filter((port) => !into.some((edge) => edge.targetHandle === port.name)).map((port) => port.name).join(',');
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!definition) return '';
  return definition.inputs
    .filter((port) => !port.optional && !into.some((edge) => edge.targetHandle === port.id))
    .map((port) => port.id)
    .join(',');
}

/**
 * What a node shows of its state: a node running for less than `SHOW_RUNNING_MS` so far still
 * shows its last result (the DOM stays as it is until the new result arrives).
 */
export function useSettledState(nodeState: NodeState | undefined): NodeState | undefined {
  const running = nodeState?.status === 'running';
  const visible = useIsLong(nodeState?.startedAt, running, SHOW_RUNNING_MS);
  if (!running || visible || !nodeState?.report) return nodeState;
  return { ...nodeState, status: nodeState.report.status };
}

/** Whether a node's error says only that input `port` is not connected (named by its id, or by its label and id). */
function waitsForInput(error: string, port: string): boolean {
  const end = error.indexOf(' is not connected');
  if (!error.startsWith('input ') || end < 0) return false;
  const named = error.slice('input '.length, end);
  return named === port || named.endsWith(` (${port})`);
}

/** Whether a node's error says only that its file is not chosen yet (a file source's, a File sink's). */
export function waitsForFile(error: string | undefined): boolean {
  return error?.startsWith(`${NO_FILE_CHOSEN}:`) === true;
}

/**
 * The status a node shows: the host's, except `waiting` when its only trouble is a missing input,
 * or a file not chosen yet (a file source or a File sink just dropped: nothing has failed).
 */
export function shownStatus(nodeState: NodeState | undefined, unconnected: readonly string[]): NodeState['status'] | 'waiting' {
  const status = nodeState?.status ?? 'idle';
  const error = nodeState?.report?.error;
  if (status !== 'error' || error === undefined) return status;
  // The engine checks a node's inputs in port order, so its message names the first unconnected
  // one, as the node shows it (`input b`, or with a label `input kernel (b)`); a block's names the
  // port of the first inner node that needed one, in any order.
  if (unconnected.some((port) => waitsForInput(error, port))) return 'waiting';
  if (waitsForFile(error)) return 'waiting';
  return status;
}

/**
 * Why the dock has no value to show for a node's output, when the node did not make one: a node
 * only waiting (a file not chosen, an input not wired) reads as waiting, as the node and the
 * inspector draw it, not as failed. Undefined while it may still come (not run yet, running).
 */
export function whyNoValue(state: EditorState, nodeId: string): { readonly text: string; readonly waiting: boolean } | undefined {
  const { status, report } = state.nodeStates[nodeId] ?? {};
  if (status === 'error') {
    if (shownStatus(state.nodeStates[nodeId], unconnectedInputs(state, nodeId).split(',').filter(Boolean)) === 'waiting') {
      return { text: `No value yet: ${nodeId} is waiting (${report?.error ?? 'see the node'})`, waiting: true };
    }
    return { text: `No value: ${nodeId} failed: ${report?.error ?? 'see the node'}`, waiting: false };
  }
  if (status === 'skipped') return { text: `No value: ${nodeId} was ${report?.error ?? 'skipped'}`, waiting: false };
  return undefined;
}
