/**
 * The one typed API between the UI and whatever hosts the engine (../shared/STYLE.md, "Layers").
 * `HostApi` is implemented by the engine host in src-main, exposed method by method by the
 * Electron preload, and carried over a WebSocket by `convolab serve`. Every argument that
 * crosses a process boundary is checked here, with the same rules on both transports.
 */
import { z } from 'zod';
import type { GraphDocument } from './graph/document';
import type { NodeReport } from './engine/engine';
import type { Preview } from './engine/preview';

export interface RunRequest {
  readonly doc: GraphDocument;
  /** Ids of nodes the UI knows changed (a hint; the engine's memo finds them anyway). */
  readonly dirty?: readonly string[];
}

export interface HostInfo {
  readonly version: string;
  /** `electron` in the desktop app, `browser` under `convolab serve`. */
  readonly mode: 'electron' | 'browser';
}

/** What the host reports while it runs a graph. Previews are keyed by output port (and `sink`). */
export type HostEvent =
  | { readonly kind: 'runStart'; readonly runId: number }
  | { readonly kind: 'nodeStart'; readonly runId: number; readonly id: string }
  | { readonly kind: 'nodeProgress'; readonly runId: number; readonly id: string; readonly fraction: number }
  | {
      readonly kind: 'nodeDone';
      readonly runId: number;
      readonly report: NodeReport;
      readonly previews: Readonly<Record<string, Preview>>;
    }
  | {
      readonly kind: 'runEnd';
      readonly runId: number;
      readonly status: 'done' | 'cancelled' | 'failed';
      readonly ms: number;
      readonly error?: string;
    }
  | { readonly kind: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly message: string };

export type HostEventListener = (event: HostEvent) => void;

/** Limits for `getValue`: larger values come back reduced, and say so. */
export interface ValueOptions {
  /** Longest signal or spectrum returned sample for sample (default 4,194,304); longer ones are strided. */
  readonly maxSamples?: number;
  /** Longest image side returned pixel for pixel (default 1024); larger images are box-downscaled. */
  readonly maxSide?: number;
}

/**
 * A wire's value at (up to) full resolution, for the views that need more than a preview: the
 * large plot, the pixel inspector, audio playback. Arrays travel as base64 of little-endian bytes
 * (Float64 for signals and spectra, Float32 for images) so that JSON over a WebSocket and
 * structured clone over IPC carry the same thing.
 */
export type FullValue =
  | {
      readonly kind: 'signal';
      readonly start: number;
      readonly rate: number;
      /** Samples in the value itself. */
      readonly length: number;
      /** Every `step`-th sample is in `data` (1: all of them). */
      readonly step: number;
      readonly data: string;
    }
  | {
      readonly kind: 'spectrum';
      readonly start: number;
      readonly rate: number;
      readonly hermitian: boolean;
      readonly length: number;
      readonly step: number;
      readonly re: string;
      readonly im: string;
    }
  | {
      /** An image, or the magnitude |X| of a 2-D spectrum (`fromSpectrum`). */
      readonly kind: 'image';
      readonly fromSpectrum: boolean;
      /** Size of the value itself. */
      readonly fullWidth: number;
      readonly fullHeight: number;
      /** Size of `data` per channel (smaller when downscaled). */
      readonly width: number;
      readonly height: number;
      readonly channels: number;
      readonly origin: { readonly x: number; readonly y: number };
      /** Planar, channel-major, rows top to bottom. */
      readonly data: string;
    }
  | { readonly kind: 'value'; readonly fields: Readonly<Record<string, number>> };

/** The methods a renderer may call; each returns a promise on every transport. */
export interface HostMethods {
  /** Starts a run that supersedes any run in flight; resolves at once with its id. */
  run(request: RunRequest): Promise<{ runId: number }>;
  /** Cancels a run if it is still in flight. */
  cancel(runId: number): Promise<void>;
  info(): Promise<HostInfo>;
  /**
   * The value a node last produced on an output port (or `sink`, what a sink received), from the
   * host's memo; undefined when the node has not produced one (not run yet, or failed).
   */
  getValue(nodeId: string, port: string, options?: ValueOptions): Promise<FullValue | undefined>;
}

export interface HostApi extends HostMethods {
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: HostEventListener): () => void;
}

export type HostMethodName = keyof HostMethods;
export const HOST_METHODS: readonly HostMethodName[] = ['run', 'cancel', 'info', 'getValue'];

/** The prefix of every Electron IPC channel Convolab uses. */
export const IPC_PREFIX = 'convolab:';
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
export function ipcChannel(method: HostMethodName): string {
  return `${IPC_PREFIX}${method}`;
}

const id = z.string().min(1).max(200);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const paramValue = z.union([
  finite,
  z.string().max(100_000),
  z.boolean(),
  z.array(finite).max(10_000_000),
  z.array(z.array(finite).max(100_000)).max(100_000),
]);

/**
 * The shape a document must have to cross the boundary. The engine still checks every node's
 * params and types; this keeps malformed or hostile messages out of the host.
 */
export const documentSchema = z.object({
  format: z.literal('convolab.graph'),
  version: z.number().int(),
  meta: z.record(z.string(), z.unknown()).optional(),
  nodes: z
    .array(
      z.object({
        id,
        type: z.string().min(1).max(200),
        position: z.object({ x: finite, y: finite }).optional(),
        label: z.string().max(1000).optional(),
        params: z.record(z.string().max(200), paramValue).optional(),
      }),
    )
    .max(10_000),
  edges: z
    .array(z.object({ id, source: id, sourceHandle: id, target: id, targetHandle: id }))
    .max(100_000),
  viewport: z.object({ x: finite, y: finite, zoom: finite }).optional(),
});

const argumentSchemas: { readonly [M in HostMethodName]: z.ZodType<Parameters<HostMethods[M]>> } = {
  run: z.tuple([z.object({ doc: documentSchema, dirty: z.array(id).max(10_000).optional() })]) as unknown as z.ZodType<
    [RunRequest]
  >,
  cancel: z.tuple([z.number().int().nonnegative()]),
  info: z.tuple([]),
  getValue: z.union([
    z.tuple([id, id]),
    z.tuple([
      id,
      id,
      z.object({
        maxSamples: z.number().int().min(1).max(1 << 24).optional(),
        maxSide: z.number().int().min(1).max(8192).optional(),
      }),
    ]),
  ]) as unknown as z.ZodType<[string, string, ValueOptions?]>,
};

export type CheckedCall =
  | { readonly ok: true; readonly method: HostMethodName; readonly args: unknown[] }
  | { readonly ok: false; readonly error: string };

/** Checks a call that arrived over IPC or a WebSocket before the host sees it. */
export function checkCall(method: unknown, args: unknown): CheckedCall {
  if (typeof method !== 'string' || !(HOST_METHODS as readonly string[]).includes(method)) {
    return { ok: false, error: `unknown method ${JSON.stringify(method)}` };
  }
  const name = method as HostMethodName;
  const parsed = argumentSchemas[name].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return { ok: false, error: `${name}: bad arguments${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, method: name, args: parsed.data as unknown[] };
}

/** Messages of the WebSocket transport (`convolab serve`). */
export type SocketClientMessage = { readonly t: 'call'; readonly id: number; readonly method: string; readonly args: unknown[] };
export type SocketServerMessage =
  | { readonly t: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly t: 'event'; readonly event: HostEvent };
