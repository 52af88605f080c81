/**
 * The one node component: drawn entirely from the node type's definition — title, ports
 * coloured by data type, the inline params, the live preview and the status with its time.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { ParamDefinition } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { ParamValue } from '../../src-shared/graph/document';
import { PreviewView } from '../panels/PreviewView';
import { useEditor } from '../store/context';

export interface GenericNodeData extends Record<string, unknown> {
  readonly nodeId: string;
}

function ParamControl({ nodeId, param, value }: { nodeId: string; param: ParamDefinition; value: ParamValue | undefined }) {
  const setParam = useEditor((state) => state.setParam);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const shown = value ?? (param.default as ParamValue | undefined);
  switch (param.kind) {
    case 'enum':
      return (
        <select
          className="nodrag"
          aria-label={param.label ?? param.name}
          value={String(shown)}
          onChange={(event) => {
            const option = param.options.find((o) => String(o) === event.target.value);
            if (option !== undefined) setParam(nodeId, param.name, option);
          }}
        >
          {param.options.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <input
          type="checkbox"
          className="nodrag"
          aria-label={param.label ?? param.name}
          checked={Boolean(shown)}
          onChange={(event) => setParam(nodeId, param.name, event.target.checked)}
        />
      );
    case 'number':
      return (
        <input
          type="number"
          className="nodrag"
          aria-label={param.label ?? param.name}
          value={draft ?? String(shown)}
          step={param.step ?? (param.integer ? 1 : 'any')}
          onChange={(event) => {
            setDraft(event.target.value);
            const number = Number(event.target.value);
            if (event.target.value.trim() !== '' && Number.isFinite(number)) setParam(nodeId, param.name, number);
          }}
          onBlur={() => setDraft(undefined)}
        />
      );
    case 'list':
    case 'matrix': {
      const text = Array.isArray(shown) ? JSON.stringify(shown).replace(/^\[|\]$/g, '').replace(/,/g, ', ') : '';
      return (
        <input
          type="text"
          className="nodrag"
          aria-label={param.label ?? param.name}
          value={draft ?? text}
          onChange={(event) => {
            setDraft(event.target.value);
            try {
              const parsed: unknown = JSON.parse(`[${event.target.value}]`);
              if (Array.isArray(parsed)) setParam(nodeId, param.name, parsed as number[]);
            } catch {
              // keep the draft until it parses
            }
          }}
          onBlur={() => setDraft(undefined)}
        />
      );
    }
    case 'string':
    case 'path':
      return (
        <input
          type="text"
          className="nodrag"
          aria-label={param.label ?? param.name}
          value={String(shown ?? '')}
          onChange={(event) => setParam(nodeId, param.name, event.target.value)}
        />
      );
  }
}

export const GenericNode = memo(function GenericNode({ data, selected }: NodeProps) {
  const { nodeId } = data as GenericNodeData;
  const node = useEditor((state) => state.document.nodes.find((n) => n.id === nodeId));
  const nodeState = useEditor((state) => state.nodeStates[nodeId]);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!node) return null;
  if (!definition) {
    return (
      <div className="cl-node status-error">
        <div className="cl-node-title">{node.type}</div>
        <div className="cl-node-error">unknown node type</div>
      </div>
    );
  }
  const preview = nodeState?.previews.sink ?? (definition.outputs[0] ? nodeState?.previews[definition.outputs[0].id] : undefined);
  const status = nodeState?.status ?? 'idle';
  const report = nodeState?.report;
  return (
    <div className={`cl-node category-${definition.category} status-${status}${selected ? ' selected' : ''}`} data-node-id={nodeId}>
      <div className="cl-node-title">
        <span>{node.label ?? definition.title}</span>
        <span className="cl-node-id">{nodeId}</span>
      </div>
      <div className="cl-node-ports">
        <div className="cl-node-inputs">
          {definition.inputs.map((port) => (
            <div key={port.id} className="cl-port cl-port-in">
              <Handle type="target" position={Position.Left} id={port.id} className={`type-${port.types[0]}`} />
              <span>{port.label ?? port.id}</span>
            </div>
          ))}
        </div>
        <div className="cl-node-outputs">
          {definition.outputs.map((port) => (
            <div key={port.id} className="cl-port cl-port-out">
              <span>{port.label ?? port.id}</span>
              <Handle type="source" position={Position.Right} id={port.id} className={`type-${port.types[0]}`} />
            </div>
          ))}
        </div>
      </div>
      <div className="cl-node-params">
        {definition.params
          .filter((param) => param.inline)
          .map((param) => (
            <label key={param.name} className="cl-param">
              <span>{param.label ?? param.name}</span>
              <ParamControl nodeId={nodeId} param={param} value={node.params?.[param.name]} />
            </label>
          ))}
      </div>
      {preview && (
        <div className="cl-node-preview">
          <PreviewView preview={preview} />
        </div>
      )}
      <div className="cl-node-status" data-status={status}>
        {status === 'error' || status === 'skipped' ? (
          <span className="cl-node-error" title={report?.error}>
            {report?.error}
          </span>
        ) : (
          <span>{status === 'running' ? `running${nodeState?.progress ? ` ${Math.round(nodeState.progress * 100)}%` : ''}` : status}</span>
        )}
        {report && status !== 'running' && <span className="cl-node-ms">{report.ms < 10 ? report.ms.toFixed(2) : Math.round(report.ms)} ms</span>}
      </div>
    </div>
  );
});
