/**
 * A block opened in place: the canvas, the inspector and the dock see the block's content as if
 * it were the document, through a store that mirrors the editor's. Its `document` is the
 * definition's nodes and wires, its node states are those of the flat ids the engine runs the
 * inner nodes under (`conv1/fft`), and every edit it takes goes to the editor as one `inBlock`
 * command: one undo entry at the top level, followed by every instance of the block. So every
 * gesture the canvas knows (params, moves, wires, palette, delete, paste, frames) works inside a
 * block without knowing about blocks.
 */
import { create } from 'zustand';
import { definitionAtPath, innerDocument } from '../../src-shared/graph/blocks';
import { innerNodeId, type BlockDefinition, type GraphDocument } from '../../src-shared/graph/document';
import type { HostApi, PortRef } from '../../src-shared/protocol';
import { fixCommand, newEdgeId, newNodeId, type Command } from './commands';
import { EMPTY_SELECTION, type BlockOutside, type EditorState, type EditorStore, type NodeState } from './document';

/**
 * The states of a block's inner nodes under their ids inside it, read from their flat ids: for
 * block node `instance` (a path, `outer/inner` inside blocks), `outer/inner/fft` is `fft`, and
 * the nodes of a block inside it keep the rest of their path (`deeper/fft`), which is how that
 * block node, seen from here, sums them up.
 */
export function innerStates(nodeStates: Readonly<Record<string, NodeState>>, instance: string): Record<string, NodeState> {
  const prefix = innerNodeId(instance, '');
  const out: Record<string, NodeState> = {};
  for (const id of Object.keys(nodeStates)) if (id.startsWith(prefix)) out[id.slice(prefix.length)] = nodeStates[id]!;
  return out;
}

/** The host as the inside of a block sees it: node ids in value requests are inner ids. */
function scopedHost(host: HostApi, instance: string): HostApi {
  const ref = (port: PortRef): PortRef => ({ ...port, node: innerNodeId(instance, port.node) });
  const overrides: Partial<HostApi> = {
    getValue: (node, port, options) => host.getValue(innerNodeId(instance, node), port, options),
    probeNode: (node, probe, args) => host.probeNode(innerNodeId(instance, node), probe, args),
    compareValues: (a, b, options) => host.compareValues(ref(a), ref(b), options),
    frequencyResponse: (port, options) => host.frequencyResponse(ref(port), options),
  };
  return new Proxy(host, {
    get: (target, property, receiver) =>
      Object.hasOwn(overrides, property) ? overrides[property as keyof HostApi] : Reflect.get(target, property, receiver),
  });
}

/**
 * A store showing block node `instance` of `root`'s document from inside; `instance` is a path
 * (`outer/inner`) for a block inside a block, whose edits go to the root as `inBlock` commands
 * naming that path. It follows the root
 * store from `follow()` until the function it returns is called; it keeps its own selection (of
 * inner nodes).
 */
export function createScopedStore(root: EditorStore, instance: string): { store: EditorStore; follow: () => () => void } {
  const host = scopedHost(root.getState().host, instance);
  let seenDefinition: BlockDefinition | undefined;
  let seenBlocks: GraphDocument['blocks'];
  let seenStates: Readonly<Record<string, NodeState>> | undefined;
  let document: GraphDocument | undefined;
  let nodeStates: Record<string, NodeState> = {};
  let outside: BlockOutside | undefined;
  const derive = (rootState: EditorState): Partial<EditorState> => {
    const definition = definitionAtPath(rootState.document, instance);
    if (definition === undefined) return {};
    if (definition !== seenDefinition || rootState.document.blocks !== seenBlocks || document === undefined) {
      document = innerDocument(definition, rootState.document.blocks);
    }
    if (rootState.nodeStates !== seenStates) nodeStates = innerStates(rootState.nodeStates, instance);
    seenDefinition = definition;
    seenBlocks = rootState.document.blocks;
    seenStates = rootState.nodeStates;
    if (outside?.document !== rootState.document) outside = { document: rootState.document, instance };
    return {
      document,
      outside,
      nodeStates,
      history: rootState.history,
      run: rootState.run,
      notice: rootState.notice,
      dock: rootState.dock,
      lessonStep: rootState.lessonStep,
      lessonStart: rootState.lessonStart,
      openBlock: rootState.openBlock,
    };
  };
  const inBlock = (command: Command): Command => ({ kind: 'inBlock', instance, command });
  const rootState = (): EditorState => root.getState();
  const store = create<EditorState>()((set, get) => ({
    ...rootState(),
    ...derive(rootState()),
    host,
    selection: EMPTY_SELECTION,
    dispatch: (command, options) => rootState().dispatch(inBlock(command), options),
    applyFix: (fix) => {
      rootState().dispatch(inBlock(fixCommand(fix)));
      rootState().say(`${fix.label} (one undo)`);
    },
    addNode: (type, position, params) => {
      const id = newNodeId(type, get().document);
      get().dispatch({ kind: 'addNodes', nodes: [{ id, type, position, ...(params ? { params } : {}) }] });
      return id;
    },
    setParam: (id, name, value, gesture) =>
      get().dispatch({ kind: 'setParam', node: id, name, value }, gesture !== undefined ? { gesture } : undefined),
    connect: (edge) => get().dispatch({ kind: 'connect', edge: { id: newEdgeId(get().document), ...edge } }),
    setSelection: (selection) => set({ selection: { ...get().selection, ...selection } }),
    // What the root store does with these does not depend on the document shown.
    endGesture: () => rootState().endGesture(),
    undo: () => rootState().undo(),
    redo: () => rootState().redo(),
    replaceDocument: (next) => rootState().replaceDocument(next),
    cancelRun: () => rootState().cancelRun(),
    runAgain: () => rootState().runAgain(),
    // A notice said in here that ends itself (a refused wire, once the wire can be made) is judged
    // by the inside it was said of, and ends when the block is left.
    say: (text, level, options) => {
      const resolved = options?.resolvedWhen;
      rootState().say(text, level, resolved ? { ...options, resolvedWhen: (now) => now.openBlock !== instance || resolved({ ...store.getState(), ...derive(now) }) } : options);
    },
    receive: (event) => rootState().receive(event),
    showView: (view) => rootState().showView(view),
    setLessonStep: (step) => rootState().setLessonStep(step),
    restartLesson: () => rootState().restartLesson(),
    // A block node double-clicked in here opens by its path.
    setOpenBlock: (next) => rootState().setOpenBlock(next === undefined ? undefined : innerNodeId(instance, next)),
    leaveBlock: () => rootState().leaveBlock(),
  }));
  const sync = (state: EditorState): void => {
    const next = derive(state);
    const current = store.getState();
    if (Object.entries(next).some(([key, value]) => current[key as keyof EditorState] !== value)) store.setState(next);
    // Inner nodes and wires an undo or a delete took away leave the selection.
    const { document: shown, selection } = store.getState();
    const nodes = new Set(shown.nodes.map((node) => node.id));
    const edges = new Set(shown.edges.map((edge) => edge.id));
    if (selection.nodes.some((id) => !nodes.has(id)) || selection.edges.some((id) => !edges.has(id))) {
      store.setState({ selection: { ...selection, nodes: selection.nodes.filter((id) => nodes.has(id)), edges: selection.edges.filter((id) => edges.has(id)) } });
    }
  };
  // Subscribed from an effect (follow), so a render that is thrown away leaves no listener behind.
  const follow = (): (() => void) => {
    sync(root.getState());
    return root.subscribe(sync);
  };
  return { store, follow };
}
