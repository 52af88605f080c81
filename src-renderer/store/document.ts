/**
 * The editor's state: the open document with its undo history, the selection, what the host last
 * reported for each node, and the run in flight. Every document change goes through `dispatch` as
 * one command (commands.ts) and schedules an incremental run (scheduler.ts); the host's memo
 * re-runs only what changed.
 */
import { create } from 'zustand';
import { emptyDocument, type GraphDocument, type GraphEdge, type ParamValue } from '../../src-shared/graph/document';
import type { NodeReport } from '../../src-shared/engine/engine';
import type { Preview } from '../../src-shared/engine/preview';
import type { HostApi, HostEvent } from '../../src-shared/protocol';
import type { Fix } from '../../src-shared/graph/fixes';
import { fixCommand, newEdgeId, newNodeId, type Command } from './commands';
import { endGesture, record, redo, startHistory, undo, type History } from './history';
import { RunScheduler } from './scheduler';

export { newNodeId } from './commands';

export interface NodeState {
  readonly status: 'running' | 'ok' | 'error' | 'skipped' | 'idle';
  readonly report?: NodeReport;
  readonly previews: Readonly<Record<string, Preview>>;
  readonly progress?: number;
  /** performance.now() when the node started running (for the long-run progress bar). */
  readonly startedAt?: number;
  /** Counts fresh (not cached) results, so views that fetch full data know when to fetch again. */
  readonly generation: number;
}

export interface RunState {
  readonly runId: number;
  readonly status: 'running' | 'done' | 'cancelled' | 'failed';
  readonly ms?: number;
  readonly error?: string;
  readonly startedAt: number;
  /** Nodes reported done in this run (fresh or cached). */
  readonly nodesDone: number;
}

export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  readonly frames: readonly string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], frames: [] };

/** The views the dock under the canvas can show for the selection (views/ViewDock.tsx). */
export type DockView = 'value' | 'slide' | 'compare' | 'kernel' | 'profile' | 'unet';

export interface NoticeOptions {
  /**
   * True once the notice's cause is gone (the refused wire would now connect, a later run went
   * through): the notice then clears by itself. Asked after each change of the document or run.
   */
  readonly resolvedWhen?: (state: EditorState) => boolean;
}

export interface Notice extends NoticeOptions {
  readonly text: string;
  readonly level: 'info' | 'error';
  readonly at: number;
}

export interface EditorState {
  readonly host: HostApi;
  readonly document: GraphDocument;
  readonly history: History;
  readonly selection: Selection;
  readonly nodeStates: Readonly<Record<string, NodeState>>;
  readonly run?: RunState;
  readonly notice?: Notice;
  /** The view the dock prefers; it shows it whenever the selection offers it (else the value). */
  readonly dock: DockView;
  /** The lesson step shown (meta.lesson), or undefined when no lesson is being walked through. */
  readonly lessonStep?: number;
  showView(view: DockView): void;
  setLessonStep(step: number | undefined): void;
  /** Applies one command as (part of) one undoable entry; see history.ts for gestures. */
  dispatch(command: Command, options?: { gesture?: string }): void;
  /** Applies a one-click fix as one undo entry and says what it did. */
  applyFix(fix: Fix): void;
  /** Ends the open gesture (slider released, field left). */
  endGesture(): void;
  undo(): void;
  redo(): void;
  addNode(type: string, position: { x: number; y: number }, params?: Record<string, ParamValue>): string;
  setParam(id: string, name: string, value: ParamValue, gesture?: string): void;
  connect(edge: Omit<GraphEdge, 'id'>): void;
  setSelection(selection: Partial<Selection>): void;
  /** Replaces the document without undo (opening a file); history starts afresh. */
  replaceDocument(document: GraphDocument): void;
  cancelRun(): void;
  /** Runs the document again (after a cancelled run; the host's memo skips what is still fresh). */
  runAgain(): void;
  say(text: string, level?: 'info' | 'error', options?: NoticeOptions): void;
  receive(event: HostEvent): void;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export interface EditorStoreOptions {
  /**
   * How long a newer edit waits for the run in flight before superseding it (ms). Edits while
   * nothing runs start a run at once; edits during a short run wait for it, so a dragged slider
   * shows every result it can instead of cancelling each one.
   */
  readonly supersedeAfterMs?: number;
}

export function createEditorStore(host: HostApi, options: EditorStoreOptions = {}) {
  const store = create<EditorState>()((set, get) => {
    const scheduler = new RunScheduler(
      { run: () => host.run({ doc: get().document }), cancel: (runId) => host.cancel(runId) },
      {
        supersedeAfterMs: options.supersedeAfterMs,
        onStarted: (runId) => set({ run: { runId, status: 'running', startedAt: now(), nodesDone: 0 } }),
        onFailed: (error) => {
          // Stale once a later run is under way: the host is reachable again.
          const before = get().run?.runId ?? 0;
          get().say(error instanceof Error ? error.message : String(error), 'error', {
            resolvedWhen: (state) => (state.run?.runId ?? 0) > before,
          });
        },
      },
    );
    const scheduleRun = (): void => scheduler.request();
    const setHistory = (history: History): void => {
      const changed = history.present !== get().document;
      set({ history, document: history.present });
      if (changed) {
        pruneSelection();
        scheduleRun();
      }
    };
    const pruneSelection = (): void => {
      const { document, selection } = get();
      const nodes = new Set(document.nodes.map((node) => node.id));
      const edges = new Set(document.edges.map((edge) => edge.id));
      const next = {
        nodes: selection.nodes.filter((id) => nodes.has(id)),
        edges: selection.edges.filter((id) => edges.has(id)),
        frames: selection.frames,
      };
      if (next.nodes.length !== selection.nodes.length || next.edges.length !== selection.edges.length) {
        set({ selection: next });
      }
    };
    const initial = emptyDocument();
    return {
      host,
      document: initial,
      history: startHistory(initial),
      selection: EMPTY_SELECTION,
      nodeStates: {},
      dispatch(command, dispatchOptions) {
        setHistory(record(get().history, command, dispatchOptions?.gesture));
      },
      applyFix(fix) {
        get().dispatch(fixCommand(fix));
        get().say(`${fix.label} (one undo)`);
      },
      endGesture() {
        set({ history: endGesture(get().history) });
      },
      undo() {
        setHistory(undo(get().history));
      },
      redo() {
        setHistory(redo(get().history));
      },
      addNode(type, position, params) {
        const id = newNodeId(type, get().document);
        get().dispatch({ kind: 'addNodes', nodes: [{ id, type, position, ...(params ? { params } : {}) }] });
        return id;
      },
      setParam(id, name, value, gesture) {
        get().dispatch({ kind: 'setParam', node: id, name, value }, gesture !== undefined ? { gesture } : undefined);
      },
      connect(edge) {
        get().dispatch({ kind: 'connect', edge: { id: newEdgeId(get().document), ...edge } });
      },
      setSelection(selection) {
        set({ selection: { ...get().selection, ...selection } });
      },
      replaceDocument(document) {
        set({ document, history: startHistory(document), nodeStates: {}, selection: EMPTY_SELECTION, lessonStep: undefined });
        scheduleRun();
      },
      dock: 'value',
      showView(view) {
        set({ dock: view });
      },
      setLessonStep(step) {
        set({ lessonStep: step });
      },
      cancelRun() {
        scheduler.cancel();
      },
      runAgain() {
        scheduleRun();
      },
      say(text, level = 'info', sayOptions = {}) {
        set({ notice: { text, level, at: now(), ...sayOptions } });
      },
      receive(event) {
        // Results of a run older than one already seen are dropped.
        if (!scheduler.receive(event)) return;
        switch (event.kind) {
          case 'runStart':
            set({ run: { runId: event.runId, status: 'running', startedAt: now(), nodesDone: 0 } });
            return;
          case 'nodeStart':
            set((state) => ({
              nodeStates: {
                ...state.nodeStates,
                [event.id]: { ...(state.nodeStates[event.id] ?? { previews: {}, generation: 0 }), status: 'running', progress: 0, startedAt: now() },
              },
            }));
            return;
          case 'nodeProgress':
            set((state) => ({
              nodeStates: {
                ...state.nodeStates,
                [event.id]: { ...(state.nodeStates[event.id] ?? { status: 'running', previews: {}, generation: 0 }), progress: event.fraction },
              },
            }));
            return;
          case 'nodeDone':
            set((state) => {
              const previous = state.nodeStates[event.report.id];
              // A cached result is one this page has seen, unless the host's memo outlived the
              // page (a reload, a second window) and this is the first report of the node here.
              const fresh = !event.report.cached || previous?.report === undefined;
              return {
              nodeStates: {
                ...state.nodeStates,
                [event.report.id]: {
                  status: event.report.status,
                  report: event.report,
                  previews: event.previews,
                  generation: (previous?.generation ?? 0) + (fresh ? 1 : 0),
                },
              },
              ...(state.run && state.run.runId === event.runId ? { run: { ...state.run, nodesDone: state.run.nodesDone + 1 } } : {}),
              };
            });
            return;
          case 'runEnd':
            set((state) => {
              // Nodes a cancelled run left half-way keep their last result, marked idle.
              const nodeStates = { ...state.nodeStates };
              if (event.status !== 'done') {
                for (const [id, nodeState] of Object.entries(nodeStates)) {
                  if (nodeState.status === 'running') nodeStates[id] = { ...nodeState, status: 'idle' };
                }
              }
              return {
                nodeStates,
                run: {
                  runId: event.runId,
                  status: event.status,
                  ms: event.ms,
                  startedAt: state.run?.startedAt ?? now(),
                  nodesDone: state.run?.nodesDone ?? 0,
                  ...(event.error !== undefined ? { error: event.error } : {}),
                },
              };
            });
            return;
          case 'notice':
            get().say(event.message, event.level === 'info' ? 'info' : 'error');
            return;
        }
      },
    };
  });
  host.onEvent((event) => store.getState().receive(event));
  // A notice tied to its cause clears when the cause does, instead of waiting to be dismissed.
  store.subscribe((state, previous) => {
    if (!state.notice?.resolvedWhen) return;
    if (state.document === previous.document && state.run === previous.run && state.notice === previous.notice) return;
    if (state.notice.resolvedWhen(state)) store.setState({ notice: undefined });
  });
  return store;
}

export type EditorStore = ReturnType<typeof createEditorStore>;
