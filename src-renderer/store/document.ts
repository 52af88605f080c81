/**
 * The editor's state: the open document, what the host last reported for each node, and the
 * run in flight. Every change that can alter a result schedules an incremental run; the host's
 * memo re-runs only what changed.
 */
import { create } from 'zustand';
import { emptyDocument, type GraphDocument, type GraphEdge, type GraphNode, type ParamValue } from '../../src-shared/graph/document';
import type { NodeReport } from '../../src-shared/engine/engine';
import type { Preview } from '../../src-shared/engine/preview';
import type { HostApi, HostEvent } from '../../src-shared/protocol';

export interface NodeState {
  readonly status: 'running' | 'ok' | 'error' | 'skipped' | 'idle';
  readonly report?: NodeReport;
  readonly previews: Readonly<Record<string, Preview>>;
  readonly progress?: number;
}

export interface RunState {
  readonly runId: number;
  readonly status: 'running' | 'done' | 'cancelled' | 'failed';
  readonly ms?: number;
  readonly error?: string;
}

export interface EditorState {
  readonly document: GraphDocument;
  readonly nodeStates: Readonly<Record<string, NodeState>>;
  readonly run?: RunState;
  readonly notice?: string;
  addNode(type: string, position: { x: number; y: number }, params?: Record<string, ParamValue>): string;
  moveNode(id: string, position: { x: number; y: number }): void;
  setParam(id: string, name: string, value: ParamValue): void;
  connect(edge: Omit<GraphEdge, 'id'>): void;
  removeNodes(ids: readonly string[]): void;
  removeEdges(ids: readonly string[]): void;
  replaceDocument(document: GraphDocument): void;
  receive(event: HostEvent): void;
}

function uniqueId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A node id from its type: `op.convolve` → `convolve1`, `convolve2`, … */
export function newNodeId(type: string, document: GraphDocument): string {
  const base = type.split('.').pop()!.replace(/[^A-Za-z0-9]/g, '') || 'node';
  return uniqueId(base, new Set(document.nodes.map((node) => node.id)));
}

export function createEditorStore(host: HostApi, options: { debounceMs?: number } = {}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const store = create<EditorState>()((set, get) => {
    const scheduleRun = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        host.run({ doc: get().document }).then(
          ({ runId }) => {
            const current = get().run;
            if (!current || current.runId <= runId) set({ run: { runId, status: 'running' } });
          },
          (error: unknown) => set({ notice: error instanceof Error ? error.message : String(error) }),
        );
      }, options.debounceMs ?? 30);
    };
    const update = (change: (document: GraphDocument) => GraphDocument, run = true): void => {
      set({ document: change(get().document) });
      if (run) scheduleRun();
    };
    return {
      document: emptyDocument(),
      nodeStates: {},
      addNode(type, position, params) {
        const id = newNodeId(type, get().document);
        const node: GraphNode = { id, type, position, ...(params ? { params } : {}) };
        update((document) => ({ ...document, nodes: [...document.nodes, node] }));
        return id;
      },
      moveNode(id, position) {
        update(
          (document) => ({ ...document, nodes: document.nodes.map((node) => (node.id === id ? { ...node, position } : node)) }),
          false,
        );
      },
      setParam(id, name, value) {
        update((document) => ({
          ...document,
          nodes: document.nodes.map((node) => (node.id === id ? { ...node, params: { ...node.params, [name]: value } } : node)),
        }));
      },
      connect(edge) {
        update((document) => {
          const edges = document.edges.filter((e) => !(e.target === edge.target && e.targetHandle === edge.targetHandle));
          const id = uniqueId('e', new Set(document.edges.map((e) => e.id)));
          return { ...document, edges: [...edges, { id, ...edge }] };
        });
      },
      removeNodes(ids) {
        const gone = new Set(ids);
        update((document) => ({
          ...document,
          nodes: document.nodes.filter((node) => !gone.has(node.id)),
          edges: document.edges.filter((edge) => !gone.has(edge.source) && !gone.has(edge.target)),
        }));
      },
      removeEdges(ids) {
        const gone = new Set(ids);
        update((document) => ({ ...document, edges: document.edges.filter((edge) => !gone.has(edge.id)) }));
      },
      replaceDocument(document) {
        set({ document, nodeStates: {} });
        scheduleRun();
      },
      receive(event) {
        const run = get().run;
        if ('runId' in event && run && event.runId < run.runId) return;
        switch (event.kind) {
          case 'runStart':
            set({ run: { runId: event.runId, status: 'running' } });
            return;
          case 'nodeStart':
            set((state) => ({
              nodeStates: {
                ...state.nodeStates,
                [event.id]: { ...(state.nodeStates[event.id] ?? { previews: {} }), status: 'running', progress: 0 },
              },
            }));
            return;
          case 'nodeProgress':
            set((state) => ({
              nodeStates: {
                ...state.nodeStates,
                [event.id]: { ...(state.nodeStates[event.id] ?? { status: 'running', previews: {} }), progress: event.fraction },
              },
            }));
            return;
          case 'nodeDone':
            set((state) => ({
              nodeStates: {
                ...state.nodeStates,
                [event.report.id]: { status: event.report.status, report: event.report, previews: event.previews },
              },
            }));
            return;
          case 'runEnd':
            set({
              run: {
                runId: event.runId,
                status: event.status,
                ms: event.ms,
                ...(event.error !== undefined ? { error: event.error } : {}),
              },
            });
            return;
          case 'notice':
            set({ notice: event.message });
            return;
        }
      },
    };
  });
  host.onEvent((event) => store.getState().receive(event));
  return store;
}

export type EditorStore = ReturnType<typeof createEditorStore>;
