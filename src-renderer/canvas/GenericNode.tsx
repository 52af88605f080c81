/**
 * The one node component: drawn entirely from the node type's definition — title, ports
 * coloured by the type they carry, the inline params, the live preview as the node's params
 * ask for it, and the status with its time (and a progress bar with Cancel on long runs).
 */
import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SignalPreview } from '../../src-shared/engine/preview';
import { resolveParams, type PortDefinition } from '../../src-shared/nodes/define';
import { displayOf } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { AudioPlayer } from '../panels/AudioPlayer';
import { ParamField } from '../panels/ParamField';
import { PreviewView } from '../panels/PreviewView';
import { useEditor, useEditorStore } from '../store/context';
import type { EditorState, NodeState } from '../store/document';
import { formatMs, shownStatus, unconnectedInputs, useIsLong, useSettledState } from '../store/nodeStatus';
import { previewVerdictField, verdictOfNode } from '../store/verdicts';
import { useFindMark } from './findState';
import { NodeFixes } from './NodeFixes';
import { NodePorts, type PortFace } from './NodePorts';
import { portTypesFor } from './rules';
import { countRender } from '../renderCount';
import { edgesInto, nodeById } from '../store/lookup';
import { BLOCK_TYPE } from '../../src-shared/graph/document';
import { blockDefinitionOf } from '../../src-shared/graph/blocks';
import { blockNodeState } from './blockState';

export interface GenericNodeData extends Record<string, unknown> {
  readonly nodeId: string;
}

/** The types on a node's ports as one string, so a node re-renders only when its own change. */
function portTypesKey(state: EditorState, nodeId: string): string {
  const types = portTypesFor(state.document);
  const node = nodeById(state.document.nodes, nodeId);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!definition) return '';
  return [...definition.inputs, ...definition.outputs].map((port) => `${port.id}=${types.get(`${nodeId}.${port.id}`) ?? ''}`).join(',');
}

const NO_OVERLAYS: readonly SignalPreview[] = [];

/** Previews of the signals wired into a node's overlay inputs after the first, drawn over its own. */
function overlaysOf(state: EditorState, nodeId: string, inputs: readonly string[]): readonly SignalPreview[] {
  if (inputs.length < 2) return NO_OVERLAYS;
  const out: SignalPreview[] = [];
  for (const handle of inputs.slice(1)) {
    const edge = edgesInto(state.document.edges, nodeId).find((e) => e.targetHandle === handle);
    const preview = edge ? previewOf(state, edge.source, edge.sourceHandle) : undefined;
    if (preview?.kind === 'signal') out.push(preview);
  }
  return out;
}

/**
 * The preview on a node's output port. A block node has no state of its own: its preview is the
 * inner node's behind its first output (blockState.ts). Looked up by the block's id alone, a
 * plot fed by a block drew nothing of it (the FFT-convolution lesson's "both routes" showed one).
 */
function previewOf(state: EditorState, node: string, port: string) {
  const own = state.nodeStates[node];
  if (own !== undefined) return own.previews[port];
  const definition = state.document.nodes.some((n) => n.id === node && n.type === BLOCK_TYPE) ? blockDefinitionOf(state.document, node) : undefined;
  if (definition?.outputs[0]?.name !== port) return undefined;
  const block = blockNodeState(state.document, state.nodeStates, node);
  return block ? Object.values(block.previews)[0] : undefined;
}


export function NodeStatus({ nodeState, status }: { nodeState: NodeState | undefined; status: ReturnType<typeof shownStatus> }) {
  const store = useEditorStore();
  const report = nodeState?.report;
  const long = useIsLong(nodeState?.startedAt, status === 'running');
  if (status === 'running') {
    const fraction = nodeState?.progress ?? 0;
    return (
      <div className="cl-node-status" data-status="running">
        <span>running{fraction > 0 ? ` ${Math.round(fraction * 100)}%` : '…'}</span>
        {long && (
          <>
            <progress className="cl-node-progress" max={1} value={fraction} aria-label="Progress" />
            <button type="button" className="nodrag small" onClick={() => store.getState().cancelRun()}>
              Cancel
            </button>
          </>
        )}
      </div>
    );
  }
  if (status === 'idle') {
    // A cancelled run left this node unfinished: its last report belongs to an older graph.
    return (
      <div className="cl-node-status" data-status="idle">
        <span>{report ? 'stopped before it finished' : 'not run yet'}</span>
      </div>
    );
  }
  return (
    <div className="cl-node-status" data-status={status}>
      {status === 'waiting' ? (
        <span className="cl-node-waiting" title={report?.error}>
          {report?.error}
        </span>
      ) : status === 'error' || status === 'skipped' ? (
        <span className="cl-node-error" title={report?.error}>
          {report?.error}
        </span>
      ) : (
        <span className={`cl-node-info${report?.warning ? ' warning' : ''}`} title={report?.info}>
          {report?.info ?? 'ok'}
        </span>
      )}
      {report && status !== 'waiting' && (
        <span className="cl-node-ms" title={report.cached ? 'time of its last run (this run reused the result)' : 'time of this run'}>
          {formatMs(report.ms)}
        </span>
      )}
    </div>
  );
}

export const GenericNode = memo(function GenericNode({ data, selected }: NodeProps) {
  const { nodeId } = data as GenericNodeData;
  countRender(`GenericNode ${nodeId}`);
  const node = useEditor((state) => nodeById(state.document.nodes, nodeId));
  const nodeState = useEditor((state) => state.nodeStates[nodeId]);
  const typesKey = useEditor((state) => portTypesKey(state, nodeId));
  const unconnected = useEditor((state) => unconnectedInputs(state, nodeId));
  const verdictField = useEditor((state) => previewVerdictField(state, nodeId));
  const shown = useSettledState(nodeState);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const params = useMemo(() => (definition ? resolveParams(definition, node?.params) : {}), [definition, node?.params]);
  const display = useMemo(() => displayOf(definition, params), [definition, params]);
  const overlays = useEditor(useShallow((state) => overlaysOf(state, nodeId, display.overlayInputs)));
  const findMark = useFindMark(node);
  if (!node) return null;
  if (!definition) {
    return (
      <div className={`cl-node status-error${findMark ? ` ${findMark}` : ''}`} data-node-id={nodeId}>
        <div className="cl-node-title">{node.type}</div>
        <div className="cl-node-status">
          <span className="cl-node-error">unknown node type {node.type}</span>
        </div>
      </div>
    );
  }
  const types = new Map(typesKey.split(',').map((pair) => pair.split('=') as [string, string]));
  const preview = nodeState?.previews.sink ?? (definition.outputs[0] ? nodeState?.previews[definition.outputs[0].id] : undefined);
  const status = shownStatus(shown, unconnected ? unconnected.split(',') : []);
  // Whether a check passed is its own thing, shown apart from whether the node ran.
  const verdict = verdictOfNode(node.type, nodeState);
  // A port is coloured by the type on it now, else by the one type it can take, else as any.
  const portFace = (port: PortDefinition): PortFace => ({
    id: port.id,
    label: port.label ?? port.id,
    type: types.get(port.id) || (port.types.length === 1 ? port.types[0]! : 'any'),
    title: `${port.id}: ${types.get(port.id) || port.types.join(' | ')}${port.optional ? ' (optional)' : ''}`,
  });
  return (
    <div
      className={`cl-node category-${definition.category} status-${status}${verdict ? ` verdict-${verdict}` : ''}${selected ? ' selected' : ''}${findMark ? ` ${findMark}` : ''}`}
      data-node-id={nodeId}
      data-type={node.type}
      data-verdict={verdict}
    >
      <div className="cl-node-title">
        <span>
          {node.label ?? definition.title}
          {verdict && (
            <span className={`cl-verdict ${verdict}`} title={verdict === 'pass' ? 'the check passed' : 'the check failed'}>
              {verdict === 'pass' ? 'PASS' : 'FAIL'}
            </span>
          )}
        </span>
        <span className="cl-node-id">{nodeId}</span>
      </div>
      <NodePorts nodeId={nodeId} inputs={definition.inputs.map(portFace)} outputs={definition.outputs.map(portFace)} />
      <div className="cl-node-params">
        {definition.params
          .filter((param) => param.inline && (param.visible?.(params) ?? true))
          .map((param) => (
            <ParamField key={param.name} nodeId={nodeId} param={param} value={node.params?.[param.name]} compact />
          ))}
      </div>
      {preview && (
        <div className="cl-node-preview">
          <PreviewView preview={preview} display={display} overlays={overlays} verdictField={verdictField} />
        </div>
      )}
      {display.play && (
        <div className="cl-node-actions">
          <AudioPlayer nodeId={nodeId} normalize={display.play.normalize} compact />
        </div>
      )}
      <NodeStatus nodeState={shown} status={status} />
      {status === 'error' && <NodeFixes nodeId={nodeId} />}
    </div>
  );
});
