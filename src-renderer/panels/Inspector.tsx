/**
 * The inspector: every param of the selected node with its proper control and inline
 * validation, the node's explanation, its ports and their types, and its status or error.
 */
import { Fragment, useContext } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DataType } from '../../src-shared/data';
import { BLOCK_TYPE, type GraphDocument } from '../../src-shared/graph/document';
import { resolveParams, CATEGORY_TITLES, RELATIVE_PATH_DOC } from '../../src-shared/nodes/define';
import { checkParams } from '../../src-shared/graph/params';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { formatMs, shownStatus, unconnectedInputs, useSettledState, waitsForFile } from '../store/nodeStatus';
import { NodeFixes } from '../canvas/NodeFixes';
import { portTypesFor } from '../canvas/rules';
import { ExportSection } from '../files/NodeMenu';
import { shortcutHelp } from '../shortcuts';
import { useEditor, useEditorStore } from '../store/context';
import { FilesContext } from '../files/context';
import { verdictOfNode } from '../store/verdicts';
import { BlockInspector, InnerParamField, PromoteButton } from './BlockInspector';
import { ParamField } from './ParamField';
import { countRender } from '../renderCount';

/** The help rows never change while the app runs. */
const SHORTCUT_HELP = shortcutHelp();

const STATUS_WORDS = {
  ok: 'ok',
  error: 'error',
  skipped: 'skipped',
  running: 'running',
  waiting: 'waiting for input',
  idle: 'stopped before it finished',
} as const;

/** `2 nodes, 1 wire`: what a multiple selection holds. */
function describeSelection(selection: { nodes: readonly string[]; edges: readonly string[]; frames: readonly string[] }): string {
  const part = (count: number, word: string): string | undefined => (count === 0 ? undefined : `${count} ${word}${count === 1 ? '' : 's'}`);
  return [part(selection.nodes.length, 'node'), part(selection.edges.length, 'wire'), part(selection.frames.length, 'frame')]
    .filter(Boolean)
    .join(', ');
}

/** What a path names in the web build, where the page reads only files the user picks. */
const PICKED_PATH_DOC = 'In this page a path names a file picked with the … button beside it: a web page reads no folder.';

const NO_TYPES: Readonly<Record<string, DataType>> = {};

/** What a node's ports carry, by port id, as inferred for the document. */
function nodePortTypes(document: GraphDocument, id: string): Readonly<Record<string, DataType>> {
  const node = document.nodes.find((candidate) => candidate.id === id);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!definition) return NO_TYPES;
  const all = portTypesFor(document);
  const types: Record<string, DataType> = {};
  for (const port of [...definition.inputs, ...definition.outputs]) {
    const type = all.get(`${id}.${port.id}`);
    if (type !== undefined) types[port.id] = type;
  }
  return types;
}

export function Inspector() {
  countRender('Inspector');
  const store = useEditorStore();
  const pickedFiles = useContext(FilesContext)?.pickers !== undefined;
  const selection = useEditor((state) => state.selection);
  const id = selection.nodes.length === 1 ? selection.nodes[0] : undefined;
  const node = useEditor((state) => (id ? state.document.nodes.find((n) => n.id === id) : undefined));
  const nodeState = useEditor((state) => (id ? state.nodeStates[id] : undefined));
  // The selected node's port types alone, compared one by one: the map of the whole graph's is
  // new after every edit, and would render the inspector again for a param of any node.
  const types = useEditor(useShallow((state) => (id ? nodePortTypes(state.document, id) : NO_TYPES)));
  const unconnected = useEditor((state) => (id ? unconnectedInputs(state, id) : ''));
  const settled = useSettledState(nodeState);
  const count = selection.nodes.length + selection.edges.length + selection.frames.length;

  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="muted">
          {count > 1 ? `${describeSelection(selection)} selected. Delete, duplicate or frame them together.` : 'Select a node to see its params, its explanation and its status.'}
        </p>
        <h3>Shortcuts</h3>
        <dl className="shortcuts">
          {SHORTCUT_HELP.map(({ keys, label }) => (
            <div key={keys}>
              <dt>{keys}</dt>
              <dd>{label}</dd>
            </div>
          ))}
        </dl>
      </aside>
    );
  }
  if (node.type === BLOCK_TYPE) return <BlockInspector id={node.id} />;
  const definition = getNodeDefinition(node.type);
  if (!definition) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>{node.id}</h2>
        <p className="param-problem">unknown node type {node.type}: it is kept as it is and does not run.</p>
      </aside>
    );
  }
  const params = resolveParams(definition, node.params);
  // The same check the engine makes, so a rule across params shows under the param it names.
  const problems = new Map(checkParams(definition, node.params).map((problem) => [problem.param, problem.message]));
  const report = settled?.report;
  const status = shownStatus(settled, unconnected ? unconnected.split(',') : []);
  const verdict = verdictOfNode(node.type, nodeState);
  const check = definition.outputs.find((port) => port.verdict !== undefined);
  const checkPreview = check ? nodeState?.previews[check.id] : undefined;
  const checkValue = check?.verdict !== undefined && checkPreview?.kind === 'value' ? checkPreview.fields[check.verdict] : undefined;
  return (
    <aside className="inspector" aria-label="Inspector" data-node-id={node.id}>
      <header className="inspector-head">
        <h2>{definition.title}</h2>
        <span className={`pill category-${definition.category}`}>{CATEGORY_TITLES[definition.category]}</span>
      </header>
      <div className="inspector-ident">
        <code>{node.id}</code> · <code>{node.type}</code>
      </div>
      <label className="inspector-label">
        <span>Label</span>
        <input
          type="text"
          key={node.id}
          defaultValue={node.label ?? ''}
          placeholder={definition.title}
          onBlur={(event) => store.getState().dispatch({ kind: 'setLabel', node: node.id, label: event.target.value })}
          onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
        />
      </label>
      {verdict && (
        <div className={`inspector-verdict ${verdict}`} data-verdict={verdict}>
          <strong>{verdict === 'pass' ? 'PASS' : 'FAIL'}</strong>
          <span>
            {verdict === 'pass' ? 'the check passed' : 'the check failed'}
            {check?.verdict !== undefined && checkValue !== undefined ? ` (${check.verdict} = ${checkValue})` : ''}
          </span>
        </div>
      )}
      <div className={`inspector-status status-${status}${verdict ? ' has-verdict' : ''}`} data-status={status}>
        {/* A check that ran says "ran", not "ok": whether it passed is the verdict above. */}
        <strong>
          {status === 'idle' && !report ? 'not run yet' : verdict && status === 'ok' ? 'ran' : status === 'waiting' && waitsForFile(report?.error) ? 'waiting for a file' : STATUS_WORDS[status]}
        </strong>
        {status === 'running' && nodeState?.progress ? <span>{Math.round(nodeState.progress * 100)}%</span> : null}
        {report && (status === 'ok' || status === 'error' || status === 'skipped') && (
          <span>
            {formatMs(report.ms)}
            {report.cached ? ' (cached)' : ''}
          </span>
        )}
        {status === 'idle' && report && (
          <button type="button" className="small" onClick={() => store.getState().runAgain()}>
            Run again
          </button>
        )}
        {report?.error && (status === 'error' || status === 'skipped' || status === 'waiting') && (
          <p className={status === 'waiting' ? 'muted' : 'param-problem'}>{report.error}</p>
        )}
        {status === 'error' && <NodeFixes nodeId={node.id} />}
        {report?.info && status === 'ok' && <p className={report.warning ? 'inspector-note warning' : 'muted'}>{report.warning ? `⚠ ${report.info}` : report.info}</p>}
      </div>
      <p className="inspector-doc">{pickedFiles ? definition.doc.replace(RELATIVE_PATH_DOC, PICKED_PATH_DOC) : definition.doc}</p>
      {definition.params.length > 0 && <h3>Params</h3>}
      {definition.params
        .filter((param) => param.visible?.(params, types) ?? true)
        .map((param) => (
          <Fragment key={`${node.id}.${param.name}`}>
            <InnerParamField node={node.id} param={param.name}>
              <ParamField nodeId={node.id} param={param} value={node.params?.[param.name]} documentProblem={problems.get(param.name)} />
            </InnerParamField>
            <PromoteButton node={node.id} param={param.name} />
          </Fragment>
        ))}
      {(definition.inputs.length > 0 || definition.outputs.length > 0) && <h3>Ports</h3>}
      <ul className="inspector-ports">
        {definition.inputs.map((port) => (
          <li key={`in.${port.id}`}>
            {/* A labelled port by the name the node shows it by (Convolve's kernel), its id beside it as messages give it. */}
            <span className={`dot type-${types[port.id] ?? (port.types.length === 1 ? port.types[0] : 'any')}`} /> in {port.label ? `${port.label} ` : ''}
            <code>{port.id}</code>: {types[port.id] ?? port.types.join(' | ')}
            {port.optional ? ' (optional)' : ''}
          </li>
        ))}
        {definition.outputs.map((port) => (
          <li key={`out.${port.id}`}>
            <span className={`dot type-${types[port.id] ?? (port.types.length === 1 ? port.types[0] : 'any')}`} /> out <code>{port.id}</code>:{' '}
            {types[port.id] ?? port.types.join(' | ')}
          </li>
        ))}
      </ul>
      <ExportSection nodeId={node.id} />
    </aside>
  );
}
