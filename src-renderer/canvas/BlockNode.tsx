/**
 * A block node on the canvas: drawn like any node (title, named ports, its promoted params as
 * its params, a status and a preview) with a mark that says it is a block. Its status gathers
 * its inner nodes' states and its preview is that of the inner node behind its first output;
 * double-click opens it in place (Canvas.tsx).
 */
import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { resolveParams } from '../../src-shared/nodes/define';
import { displayOf } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { ParamField } from '../panels/ParamField';
import { PreviewView } from '../panels/PreviewView';
import { useEditor } from '../store/context';
import { shownStatus, unconnectedInputs, useSettledState } from '../store/nodeStatus';
import { blockFaceOf } from './blockFace';
import { blockNodeState } from './blockState';
import { NodeStatus, type GenericNodeData } from './GenericNode';
import { useFindMark } from './findState';
import { NodePorts, type PortFace } from './NodePorts';

/** A block port as its handle shows it: named, typed by what its inner end carries. */
function portFace(port: { readonly name: string; readonly type?: string | undefined }): PortFace {
  const type = port.type ?? 'any';
  return { id: port.name, label: port.name, type, title: `${port.name}: ${type}` };
}

export const BlockNode = memo(function BlockNode({ data, selected }: NodeProps) {
  const { nodeId } = data as GenericNodeData;
  const document = useEditor((state) => state.document);
  const face = useMemo(() => blockFaceOf(document, nodeId), [document, nodeId]);
  const nodeState = useEditor((state) => blockNodeState(state.document, state.nodeStates, nodeId));
  const shown = useSettledState(nodeState);
  // Only waiting for a wire into one of its ports: drawn as waiting, as any node is, not as failed.
  const unconnected = useEditor((state) => unconnectedInputs(state, nodeId));
  const status = shownStatus(shown, unconnected ? unconnected.split(',') : []);
  const findMark = useFindMark(face?.node);
  // The plain node behind the first output, through blocks inside.
  const previewNode = face?.previewFrom?.inner;
  const display = useMemo(() => {
    const definition = previewNode ? getNodeDefinition(previewNode.type) : undefined;
    return displayOf(definition, definition ? resolveParams(definition, previewNode?.params) : {});
  }, [previewNode]);
  const preview = face?.previewFrom ? nodeState?.previews[face.previewFrom.port] : undefined;
  if (!face) {
    return (
      <div className="cl-node status-error" data-node-id={nodeId}>
        <div className="cl-node-title">block</div>
        <div className="cl-node-status">
          <span className="cl-node-error">this block's definition is missing from the file</span>
        </div>
      </div>
    );
  }
  return (
    <div
      className={`cl-node cl-block status-${status}${selected ? ' selected' : ''}${findMark ? ` ${findMark}` : ''}`}
      data-node-id={nodeId}
      data-block={face.node.block}
      title="A block: double-click to open it"
    >
      <div className="cl-node-title">
        <span>
          <span className="cl-block-mark" aria-label="block">
            ▣
          </span>{' '}
          {face.title}
        </span>
        <span className="cl-node-id">{nodeId}</span>
      </div>
      <NodePorts nodeId={nodeId} inputs={face.inputs.map(portFace)} outputs={face.outputs.map(portFace)} />
      <div className="cl-node-params">
        {face.params.map((promoted) => (
          <ParamField key={promoted.name} nodeId={nodeId} param={promoted.param} value={promoted.value} compact />
        ))}
      </div>
      {preview && (
        <div className="cl-node-preview">
          <PreviewView preview={preview} display={display} />
        </div>
      )}
      <NodeStatus nodeState={shown} status={status} />
    </div>
  );
});
