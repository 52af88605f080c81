/**
 * The editor's state: the open document with its undo history, the selection, what the host last
 * reported for each node, and the run in flight. Every document change goes through `dispatch` as
 * one command (commands.ts) and schedules an incremental run (scheduler.ts); the host's memo
 * re-runs only what changed.
 */
import { create } from 'zustand';
import { BLOCK_ID_SEPARATOR, BLOCK_TYPE, emptyDocument, type GraphDocument, type GraphEdge, type ParamValue } from '../../src-shared/graph/document';
import { definitionAtPath } from '../../src-shared/graph/expand';
import type { NodeReport } from '../../src-shared/engine/engine';
import type { Preview } from '../../src-shared/engine/preview';
import type { HostApi, HostEvent, NodeDone } from '../../src-shared/protocol';
import type { Fix } from '../../src-shared/graph/fixes';
import { fixCommand, newEdgeId, newNodeId, type Command } from './commands';
import { endGesture, record, redo, replaceAsEntry, startHistory, undo, type History } from './history';
import { RunRequests } from './runRequests';
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
  /** The document as it was when the lesson being walked through started (what Start over restores). */
  readonly lessonStart?: GraphDocument;
  /**
   * The block node whose inside the canvas shows (opened in place), or undefined at the top
   * level: its path, `outer/inner` for block node `inner` opened inside block node `outer`. The
   * canvas and panels then see the block's content through store/scope.ts.
   */
  readonly openBlock?: string;
  /**
   * Set when this store shows a block's inside (store/scope.ts): the graph around the block, which
   * an edit made inside must not break (every instance of the block follows the edit).
   */
  readonly outside?: BlockOutside;
  /**
   * Opens a block node in place (by its path), or (undefined) goes back out to the graph. A store
   * showing a block from inside takes the id of a block node inside it.
   */
  setOpenBlock(instance: string | undefined): void;
  /** Goes one level out of the opened block: to the block around it, or to the graph. */
  leaveBlock(): void;
  showView(view: DockView): void;
  setLessonStep(step: number | undefined): void;
  /**
   * Goes to the lesson's first step with the graph as it was when the lesson started, as one
   * undoable entry (undo brings the user's changes back).
   */
  restartLesson(): void;
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

/** The graph around an opened block node `instance`. */
export interface BlockOutside {
  readonly document: GraphDocument;
  readonly instance: string;
}

/** Whether `id` names a block node of `document` (one the canvas can open). */
export function isBlockNode(document: GraphDocument, id: string): boolean {
  return document.nodes.some((node) => node.id === id && node.type === BLOCK_TYPE);
}

/** Whether `path` names a block node with a definition: at the top level, or inside blocks (`outer/inner`). */
export function isBlockPath(document: GraphDocument, path: string): boolean {
  return definitionAtPath(document, path) !== undefined;
}

/** The path of the block around the block at `path` (`outer` for `outer/inner`), or undefined at the top. */
export function parentBlockPath(path: string): string | undefined {
  const cut = path.lastIndexOf(BLOCK_ID_SEPARATOR);
  return cut < 0 ? undefined : path.slice(0, cut);
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

/** A little after this a hidden page (no animation frames) applies the host's events anyway. */
const HIDDEN_PAGE_FLUSH_MS = 100;
/** Changes a page applies between frames as results come; more wait for the next frame, as one change. */
const IMMEDIATE_APPLIES_PER_FRAME = 12;

/** An event that changes what a node draws: a result carrying previews, or a failure. */
function bringsPreviews(event: HostEvent): boolean {
  return event.kind === 'nodesDone' && event.nodes.some((done) => done.previews !== undefined || done.report.status === 'error');
}

/** Field by field: reports that crossed a process boundary are new objects each time. */
function sameReport(a: NodeReport, b: NodeReport): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.status === b.status &&
    a.ms === b.ms &&
    a.cached === b.cached &&
    a.error === b.error &&
    a.info === b.info &&
    a.warning === b.warning &&
    JSON.stringify(a.cause) === JSON.stringify(b.cause)
  );
}

/**
 * A node's state once its result arrived (previews already filled in from what was sent). A
 * cached node that reports what it showed already keeps its state object, so nothing that draws
 * it renders again: a param change re-renders the nodes it changed, not all 300.
 */
function nodeStateAfter(previous: NodeState | undefined, done: NodeDone): NodeState {
  const { report } = done;
  // Absent: unchanged, and this page never received them (they came before a reload).
  const previews = done.previews ?? previous?.previews ?? {};
  if (report.cached && previous?.report && previous.status === report.status && previous.previews === previews && sameReport(previous.report, report)) {
    return previous;
  }
  // A cached result is one this page has seen, unless the host's memo outlived the page (a
  // reload, a second window) and this is the first report of the node here.
  const fresh = !report.cached || previous?.report === undefined;
  return { status: report.status, report, previews, generation: (previous?.generation ?? 0) + (fresh ? 1 : 0) };
}

/**
 * What `events` (in order, all of current runs) make of the node states and the run: one new
 * nodeStates object for the whole batch, however many nodes it reports.
 */
export function reduceRunEvents(
  state: Pick<EditorState, 'nodeStates' | 'run'>,
  events: readonly HostEvent[],
  at: number,
): Pick<EditorState, 'nodeStates' | 'run'> {
  let nodeStates: Record<string, NodeState> | undefined;
  const own = (): Record<string, NodeState> => (nodeStates ??= { ...state.nodeStates });
  const current = (id: string): NodeState | undefined => (nodeStates ?? state.nodeStates)[id];
  let run = state.run;
  for (const event of events) {
    switch (event.kind) {
      case 'runStart':
        run = { runId: event.runId, status: 'running', startedAt: at, nodesDone: 0 };
        break;
      case 'nodeStart':
        own()[event.id] = { ...(current(event.id) ?? { previews: {}, generation: 0 }), status: 'running', progress: 0, startedAt: at };
        break;
      case 'nodeProgress':
        own()[event.id] = { ...(current(event.id) ?? { status: 'running', previews: {}, generation: 0 }), progress: event.fraction };
        break;
      case 'nodesDone': {
        for (const done of event.nodes) {
          const id = done.report.id;
          const previous = current(id);
          const next = nodeStateAfter(previous, done);
          if (next !== previous) own()[id] = next;
        }
        if (run && run.runId === event.runId) run = { ...run, nodesDone: run.nodesDone + event.nodes.length };
        break;
      }
      case 'runEnd': {
        // Nodes a cancelled run left half-way keep their last result, marked idle.
        if (event.status !== 'done') {
          for (const [id, nodeState] of Object.entries(nodeStates ?? state.nodeStates)) {
            if (nodeState.status === 'running') own()[id] = { ...nodeState, status: 'idle' };
          }
        }
        run = {
          runId: event.runId,
          status: event.status,
          ms: event.ms,
          startedAt: run?.startedAt ?? at,
          nodesDone: run?.nodesDone ?? 0,
          ...(event.error !== undefined ? { error: event.error } : {}),
        };
        break;
      }
      case 'notice':
        break;
    }
  }
  return { nodeStates: nodeStates ?? state.nodeStates, run };
}

export function createEditorStore(host: HostApi, options: EditorStoreOptions = {}) {
  let scheduler!: RunScheduler;
  let apply!: (events: readonly HostEvent[]) => void;
  /** The answer to `run` named a new run: the page shows it running (replaced in a page, below). */
  let started = (runId: number): void => apply([{ kind: 'runStart', runId }]);
  // Every node's previews as the host last sent them, with their version, kept even from runs the
  // page no longer applies: a later run names a cached node's previews by version alone.
  const sentPreviews = new Map<string, { readonly version: number; readonly previews: Readonly<Record<string, Preview>> }>();
  const note = (event: HostEvent): void => {
    if (event.kind !== 'nodesDone') return;
    for (const done of event.nodes) if (done.previews) sentPreviews.set(done.report.id, { version: done.previewVersion, previews: done.previews });
  };
  const previewsOf = (done: NodeDone): NodeDone => {
    if (done.previews) return done;
    const sent = sentPreviews.get(done.report.id);
    return sent && sent.version === done.previewVersion ? { ...done, previews: sent.previews } : done;
  };
  const withPreviews = (event: HostEvent): HostEvent => (event.kind === 'nodesDone' ? { ...event, nodes: event.nodes.map(previewsOf) } : event);
  // The page's first run asks for every node's previews: the host may have sent them to a page
  // before a reload. Until a run request goes through, each asks again.
  let resend = true;
  const runRequests = new RunRequests(host);
  const store = create<EditorState>()((set, get) => {
    apply = (events) => {
      if (events.some((event) => event.kind !== 'notice')) set((state) => reduceRunEvents(state, events.map(withPreviews), now()));
      for (const event of events) if (event.kind === 'notice') get().say(event.message, event.level === 'info' ? 'info' : 'error');
    };
    scheduler = new RunScheduler(
      {
        run: () => {
          const sent = runRequests.run(get().document, resend);
          void sent.then(() => (resend = false), () => undefined);
          return sent;
        },
        cancel: (runId) => host.cancel(runId),
      },
      {
        supersedeAfterMs: options.supersedeAfterMs,
        onStarted: (runId) => started(runId),
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
      // The run is asked for before the store changes: its microtask (which sends the document as
      // it is by then) comes before the one React queues to render the change, so the engine
      // computes while the page draws the edit instead of after.
      if (changed) scheduleRun();
      set({ history, document: history.present });
      if (changed) {
        pruneSelection();
        closeVanishedBlock();
      }
    };
    // An undo that takes the opened block away (its grouping undone, the node deleted) shows the graph again.
    const closeVanishedBlock = (): void => {
      const { document, openBlock } = get();
      if (openBlock === undefined || isBlockPath(document, openBlock)) return;
      // The deepest block around it that is still there stays open.
      let path = parentBlockPath(openBlock);
      while (path !== undefined && !isBlockPath(document, path)) path = parentBlockPath(path);
      set({ openBlock: path });
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
        set({ document, history: startHistory(document), nodeStates: {}, selection: EMPTY_SELECTION, lessonStep: undefined, lessonStart: undefined, openBlock: undefined });
        scheduleRun();
      },
      dock: 'value',
      showView(view) {
        set({ dock: view });
      },
      setLessonStep(step) {
        const { lessonStep, lessonStart, document } = get();
        // The graph a lesson starts from is the one it began on, however the steps were walked.
        set({ lessonStep: step, lessonStart: step === undefined ? undefined : lessonStep === undefined ? document : lessonStart ?? document });
      },
      restartLesson() {
        const { lessonStart, history } = get();
        if (lessonStart !== undefined && lessonStart !== history.present) {
          set({ openBlock: undefined });
          setHistory(replaceAsEntry(history, lessonStart));
          get().say('Started over: the graph is as the lesson began (Undo brings your changes back)');
        }
        set({ lessonStep: 0 });
      },
      setOpenBlock(instance) {
        if (instance !== undefined && !isBlockPath(get().document, instance)) return;
        set({ openBlock: instance });
      },
      leaveBlock() {
        const open = get().openBlock;
        if (open !== undefined) set({ openBlock: parentBlockPath(open) });
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
        note(event);
        // Results of a run older than one already seen are dropped.
        if (scheduler.receive(event)) apply([event]);
      },
    };
  });
  // In a page, a result that brings previews applies in a task of its own, posted when it comes:
  // the socket messages already queued behind it (most often the sink's report, a few ms later,
  // while the page was drawing the edit) come first and join the same change, instead of waiting
  // behind React's render of this one; with nothing queued it applies at once, as it came, before
  // the next frame. A run's end applies at once with everything that waited when a result that
  // brings previews waits with it (the sink's report and the run's end come in one socket message),
  // so the frame that paints the sink's preview does not render the run's state as well. The rest
  // (run and node starts, progress, cached nodes that show what they showed) waits for the next
  // frame, or for the next result, in order, as one change; at most IMMEDIATE_APPLIES_PER_FRAME
  // changes a frame, then the next frame. Which run an event belongs to is noted at once, so the
  // next run is not held back. Without frames (tests, Node) each applies as it comes.
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : undefined;
  let pending: HostEvent[] = [];
  let appliedThisFrame = 0;
  let frameAsked = false;
  // The hidden page's flush of what waits now (see `later`), cleared once that is applied: a timer
  // left from an earlier wait would apply the next one early, before its frame.
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const applyPending = (): void => {
    if (pending.length === 0) return;
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const events = pending;
    pending = [];
    appliedThisFrame++;
    apply(events);
  };
  const newFrame = (): void => {
    frameAsked = false;
    appliedThisFrame = 0;
    applyPending();
  };
  const askFrame = (): void => {
    if (frameAsked || !frame) return;
    frameAsked = true;
    frame(newFrame);
  };
  const later = (event: HostEvent): void => {
    askFrame();
    pending.push(event);
    // A hidden page gets no frames: its state still follows within a tenth of a second.
    if (pending.length === 1) flushTimer = setTimeout(newFrame, HIDDEN_PAGE_FLUSH_MS);
  };
  // The task a result applies in: a MessageChannel's message (a timer may be clamped).
  const channel = frame && typeof MessageChannel === 'function' ? new MessageChannel() : undefined;
  let taskAsked = false;
  if (channel) {
    channel.port1.onmessage = () => {
      taskAsked = false;
      if (appliedThisFrame < IMMEDIATE_APPLIES_PER_FRAME && pending.some(bringsPreviews)) applyPending();
    };
    // Node's ports (tests) would keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const applySoon = (): void => {
    if (taskAsked || !channel) return;
    taskAsked = true;
    channel.port2.postMessage(null);
  };
  // The answer to `run` arrives while the engine computes, and shows nothing for the run's first
  // 150 ms (SHOW_RUNNING_MS): in a page it waits with the other starts, so the page renders the
  // run's state with its first results, in one change, not alone while the engine needs the cores.
  if (frame) started = (runId) => later({ kind: 'runStart', runId });
  host.onEvent((event) => {
    if (!frame) return store.getState().receive(event);
    note(event);
    if (!scheduler.receive(event)) return;
    later(event);
    if (event.kind === 'runEnd' && pending.some(bringsPreviews)) applyPending();
    else if (bringsPreviews(event)) applySoon();
  });
  // A notice tied to its cause clears when the cause does, instead of waiting to be dismissed.
  store.subscribe((state, previous) => {
    if (!state.notice?.resolvedWhen) return;
    if (state.document === previous.document && state.run === previous.run && state.notice === previous.notice && state.openBlock === previous.openBlock) return;
    if (state.notice.resolvedWhen(state)) store.setState({ notice: undefined });
  });
  return store;
}

export type EditorStore = ReturnType<typeof createEditorStore>;
