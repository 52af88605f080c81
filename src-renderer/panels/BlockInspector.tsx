/**
 * The inspector of a block node: its status (its inner nodes' summed up), its promoted params
 * (edited like any param; Unpromote takes one off the face), its ports with a name field and
 * up/down buttons, and Open and Ungroup. Inside an opened block, PromoteButton offers each inner
 * param to the block's face, and InnerParamField edits a promoted one on the face.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { promoteParam, promotedParamDefinition } from '../../src-shared/graph/blocks';
import { BLOCK_ID_SEPARATOR, type GraphDocument, type ParamValue } from '../../src-shared/graph/document';
import { useStore } from 'zustand';
import { EditorContext, useEditor, useEditorStore } from '../store/context';
import { createScopedStore } from '../store/scope';
import { useOpenBlock } from '../canvas/BlockScope';
import { blockFaceOf } from '../canvas/blockFace';
import { blockNodeState } from '../canvas/blockState';
import { ungroupSelection } from '../canvas/blockActions';
import { shownStatus, unconnectedInputs, useSettledState } from '../store/nodeStatus';
import type { PortSide } from '../store/commands';
import { keysOf } from '../shortcuts';
import { ParamField } from './ParamField';

function PortList({ instance, side, names }: { instance: string; side: PortSide; names: readonly { name: string; type?: string }[] }) {
  const store = useEditorStore();
  const move = (from: number, to: number) => store.getState().dispatch({ kind: 'movePort', instance, side, from, to });
  return (
    <ol className="block-ports" aria-label={`${side === 'input' ? 'Input' : 'Output'} ports`}>
      {names.map((port, index) => (
        <li key={`${index}.${port.name}`}>
          <span className={`dot type-${port.type ?? 'any'}`} /> {side === 'input' ? 'in' : 'out'} {index + 1}
          <input
            type="text"
            aria-label={`Name of ${side} port ${index + 1}`}
            defaultValue={port.name}
            onBlur={(event) => {
              const name = event.target.value.trim();
              if (name === port.name) return;
              const before = store.getState().document;
              store.getState().dispatch({ kind: 'renamePort', instance, side, index, name });
              // Refused (empty, or taken on this side): the field shows the name there is.
              if (store.getState().document === before) {
                event.target.value = port.name;
                store.getState().say(`Port names are unique on each side and not empty: ${name ? `${name} is taken` : 'type a name'}`, 'error');
              }
            }}
            onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
          />
          <button type="button" className="small" aria-label={`Move ${port.name} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
            ↑
          </button>
          <button type="button" className="small" aria-label={`Move ${port.name} down`} disabled={index === names.length - 1} onClick={() => move(index, index + 1)}>
            ↓
          </button>
        </li>
      ))}
    </ol>
  );
}

export function BlockInspector({ id }: { id: string }) {
  const store = useEditorStore();
  const document = useEditor((state) => state.document);
  const nodeState = useSettledState(useEditor((state) => blockNodeState(state.document, state.nodeStates, id)));
  const face = blockFaceOf(document, id);
  const unconnected = useEditor((state) => unconnectedInputs(state, id));
  if (!face) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>{id}</h2>
        <p className="param-problem">this block's definition is missing from the file: it does not run.</p>
      </aside>
    );
  }
  const status = shownStatus(nodeState, unconnected ? unconnected.split(',') : []);
  return (
    <aside className="inspector" aria-label="Inspector" data-node-id={id}>
      <header className="inspector-head">
        <h2>▣ {face.definition.title}</h2>
        <span className="pill">Block</span>
      </header>
      <div className="inspector-ident">
        <code>{id}</code> · block <code>{face.node.block}</code> · {face.definition.nodes.length} inner nodes
      </div>
      <label className="inspector-label">
        <span>Label</span>
        <input
          type="text"
          key={id}
          defaultValue={face.node.label ?? ''}
          placeholder={face.definition.title}
          onBlur={(event) => store.getState().dispatch({ kind: 'setLabel', node: id, label: event.target.value })}
          onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
        />
      </label>
      <div className={`inspector-status status-${status}`} data-status={status}>
        <strong>{status === 'idle' ? 'not run yet' : status}</strong>
        {nodeState?.report?.error && <p className={status === 'waiting' ? 'muted' : 'param-problem'}>{nodeState.report.error}</p>}
      </div>
      <div className="block-actions">
        <button type="button" className="small" onClick={() => store.getState().setOpenBlock(id)}>
          Open block
        </button>
        <button type="button" className="small" onClick={() => ungroupSelection(store)} title={keysOf('ungroup')}>
          Ungroup
        </button>
      </div>
      <p className="inspector-doc">
        {face.definition.description ?? 'A block runs its inner nodes. Double-click it to open it; inside, "Promote to block" puts a param on its face.'}
      </p>
      <h3>Params</h3>
      {face.params.length === 0 && <p className="muted">None promoted yet: open the block and promote a param of an inner node.</p>}
      {face.params.map((promoted) => (
        <div key={promoted.name} className="block-param" title={`sets ${promoted.binds}`}>
          <ParamField nodeId={id} param={{ ...promoted.param, inline: false }} value={promoted.value} />
          <button type="button" className="small" onClick={() => store.getState().dispatch({ kind: 'unpromoteParam', instance: id, name: promoted.name })}>
            Unpromote {promoted.name}
          </button>
        </div>
      ))}
      <h3>Ports</h3>
      <PortList instance={id} side="input" names={face.inputs} />
      <PortList instance={id} side="output" names={face.outputs} />
    </aside>
  );
}

/** Inside an opened block: beside an inner param, Promote to block (or Unpromote when it is on the face). */
export function PromoteButton({ node, param }: { node: string; param: string }) {
  const open = useOpenBlock();
  if (!open) return null;
  const promoted = open.promoted.get(`${node}.${param}`);
  const root = open.root.getState();
  // A param of the same name already on the face is joined (one `n` for both FFTs), when of one kind.
  const joins = promoted === undefined && promoteParam(root.document, open.instance, { node, param }, param) !== root.document;
  const dispatch = root.dispatch;
  return promoted === undefined ? (
    <button
      type="button"
      className="small block-promote"
      onClick={() => dispatch({ kind: 'promoteParam', instance: open.instance, node, param, ...(joins ? { name: param } : {}) })}
    >
      Promote {param} to block{[...open.promoted.values()].includes(param) && joins ? ` (joins ${param})` : ''}
    </button>
  ) : (
    <button type="button" className="small block-promote" onClick={() => dispatch({ kind: 'unpromoteParam', instance: open.instance, name: promoted })}>
      Unpromote {promoted} (on the block's face)
    </button>
  );
}

/**
 * Inside an opened block, an inner param that is promoted and set on the block's face runs with
 * the face's value, not its own: its field there edits the face (as the block node's field
 * outside does), so what it shows is what runs. Otherwise, `children` (the inner param's field).
 */
export function InnerParamField({ node, param, children }: { node: string; param: string; children: ReactNode }) {
  const open = useOpenBlock();
  const promoted = open?.promoted.get(`${node}.${param}`);
  const instance = open?.instance;
  const cut = instance === undefined ? -1 : instance.lastIndexOf(BLOCK_ID_SEPARATOR);
  const parentPath = instance !== undefined && cut >= 0 ? instance.slice(0, cut) : undefined;
  const faceNodeId = instance?.slice(cut + 1);
  // The block node's own store: the editor's for a block of the graph, a scope for one inside a block.
  const parent = useMemo(() => (open && parentPath !== undefined ? createScopedStore(open.root, parentPath) : undefined), [open, parentPath]);
  useEffect(() => parent?.follow(), [parent]);
  const faceStore = parent?.store ?? open?.root;
  const here = useEditorStore();
  const document = useStore(faceStore ?? here, (state) => state.document);
  const face = faceOf(document, faceNodeId, promoted);
  if (!open || promoted === undefined || !faceStore || faceNodeId === undefined || face === undefined) return <>{children}</>;
  return (
    <EditorContext.Provider value={faceStore}>
      <ParamField nodeId={faceNodeId} param={{ ...face.param, label: `${face.param.label ?? promoted} (block's face)` }} value={face.value} />
    </EditorContext.Provider>
  );
}

/** The promoted param `name` of block node `nodeId` in `store`'s document, when that node holds a value for it. */
function faceOf(document: GraphDocument, nodeId: string | undefined, name: string | undefined) {
  if (nodeId === undefined || name === undefined) return undefined;
  const node = document.nodes.find((candidate) => candidate.id === nodeId);
  if (!node?.block || !node.params || !Object.hasOwn(node.params, name)) return undefined;
  const definition = document.blocks?.[node.block];
  const promoted = definition?.params?.find((candidate) => candidate.name === name);
  const param = definition && promoted ? promotedParamDefinition(definition, promoted, undefined, document.blocks) : undefined;
  if (!param) return undefined;
  return { param, value: node.params[name] as ParamValue };
}
