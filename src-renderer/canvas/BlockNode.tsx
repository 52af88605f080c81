/**
 * A block node on the canvas: drawn like any node (title, named ports, its promoted params as
 * its params, a status and a preview) with a mark that says it is a block. Its status gathers
 * its inner nodes' states and its preview is that of the inner node behind its first output;
 * double-click opens it in place (Canvas.tsx).
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { resolveParams } from '../../src-shared/nodes/define';
import { displayOf } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { ParamField } from '../panels/ParamField';
import { PreviewView } from '../panels/PreviewView';
import { useEditor } from '../store/context';
import { useSettledState } from '../store/nodeStatus';
import { blockFaceOf } from './blockFace';
import { blockNodeState } from './blockState';
import { NodeStatus, type GenericNodeData } from './GenericNode';
import { useFindMark } from './findState';

export const BlockNode = memo(function BlockNode({ data, selected }: NodeProps) {
  const { nodeId } = data as GenericNodeData;
  const document = useEditor((state) => state.document);
  const face = useMemo(() => blockFaceOf(document, nodeId), [document, nodeId]);
  const nodeState = useEditor((state) => blockNodeState(state.document, state.nodeStates, nodeId));
  const shown = useSettledState(nodeState);
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
  const status = shown?.status ?? 'idle';
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
      <div className="cl-node-ports">
        <div className="cl-node-inputs">
          {face.inputs.map((port) => (
            <div key={port.name} className="cl-port cl-port-in">
              <Handle type="target" position={Position.Left} id={port.name} className={`type-${port.type ?? 'any'}`} title={`${port.name}: ${port.type ?? 'any'}`} />
              <span>{port.name}</span>
            </div>
          ))}
        </div>
        <div className="cl-node-outputs">
          {face.outputs.map((port) => (
            <div key={port.name} className="cl-port cl-port-out">
              <span>{port.name}</span>
              <Handle type="source" position={Position.Right} id={port.name} className={`type-${port.type ?? 'any'}`} title={`${port.name}: ${port.type ?? 'any'}`} />
            </div>
          ))}
        </div>
      </div>
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
