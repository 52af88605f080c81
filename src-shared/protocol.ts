/**
 * The one typed API between the UI and whatever hosts the engine (../shared/STYLE.md, "Layers").
 * `HostApi` is implemented by the engine host in src-main, exposed method by method by the
 * Electron preload, and carried over a WebSocket by `convolab serve`. Every argument that
 * crosses a process boundary is checked here, with the same rules on both transports.
 */
import { z } from 'zod';
import { GRAPH_VERSION, type GraphDocument } from './graph/document';
import { LIMITS, graphDocumentSchema, graphTextProblem, nodeSchema } from './graph/schema';
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
export function ipcChannel(method: AppMethodName): string {
  return `${IPC_PREFIX}${method}`;
}

const id = z.string().min(1).max(LIMITS.idLength);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const paramValue = z.union([
  finite,
  z.string().max(100_000),
  z.boolean(),
  z.array(finite).max(10_000_000),
  z.array(z.array(finite).max(100_000)).max(100_000),
]);

/**
 * A document crossing the boundary: the graph file's own schema (src-shared/graph/schema.ts:
 * strict keys, limits on ids, counts and coordinates) at the current version, with every param
 * shaped like a param value (FORMAT.md: a number, text, true/false, a list of numbers or a list
 * of rows). What needs the catalog — known types, param ranges, handles, cycles — the engine
 * checks node by node, so that a graph being edited still runs everywhere it can.
 */
export const documentSchema = graphDocumentSchema.extend({
  version: z.literal(GRAPH_VERSION),
  nodes: z.array(nodeSchema.extend({ params: z.record(z.string().max(LIMITS.idLength), paramValue).optional() })).max(LIMITS.nodes),
});

const argumentSchemas: { readonly [M in HostMethodName]: z.ZodType<Parameters<HostMethods[M]>> } = {
  run: z.tuple([z.strictObject({ doc: documentSchema, dirty: z.array(id).max(10_000).optional() })]) as unknown as z.ZodType<
    [RunRequest]
  >,
  cancel: z.tuple([z.number().int().nonnegative()]),
  info: z.tuple([]),
  getValue: z.union([
    z.tuple([id, id]),
    z.tuple([
      id,
      id,
      z.strictObject({
        maxSamples: z.number().int().min(1).max(1 << 24).optional(),
        maxSide: z.number().int().min(1).max(8192).optional(),
      }),
    ]),
  ]) as unknown as z.ZodType<[string, string, ValueOptions?]>,
};

export type CheckedCall =
  | { readonly ok: true; readonly method: AppMethodName; readonly args: unknown[] }
  | { readonly ok: false; readonly error: string };

/** Checks a call that arrived over IPC or a WebSocket before the host sees it. */
export function checkCall(method: unknown, args: unknown): CheckedCall {
  if (typeof method !== 'string' || !(APP_METHODS as readonly string[]).includes(method)) {
    return { ok: false, error: `unknown method ${JSON.stringify(method)}` };
  }
  const name = method as AppMethodName;
  const schema: z.ZodType = isFileMethod(name) ? fileArgumentSchemas[name] : argumentSchemas[name];
  const parsed = schema.safeParse(args);
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

// ---------------------------------------------------------------------------------------------
// Documents and files: open, save, recent, backups, export, and (browser mode) the served folder.
// Kept as one group beside the engine's methods: the same transports carry both, with the same
// checks, and `AppApi` is what the renderer sees.
// ---------------------------------------------------------------------------------------------

/** Where a document lives: an absolute path (desktop) or a path inside the served folder (browser). */
export interface DocumentFile {
  readonly path: string;
  /** The file's name, for titles and menus. */
  readonly name: string;
}

export interface OpenedDocument extends DocumentFile {
  /** The file's text, still to be checked by the renderer's loader (src-shared/graph/load.ts). */
  readonly text: string;
}

export interface FolderEntry {
  readonly name: string;
  /** Path relative to the served folder, with forward slashes. */
  readonly path: string;
  readonly kind: 'file' | 'folder';
  readonly size: number;
  readonly modified: number;
}

export interface FolderListing {
  /** The listed folder, relative to the served folder ('' for the folder itself). */
  readonly path: string;
  readonly entries: readonly FolderEntry[];
}

/** Unsaved work left by an earlier session that ended without saving or discarding it. */
export interface BackupOffer {
  readonly id: string;
  /** Where the document was saved last; undefined for an untitled one. */
  readonly file?: DocumentFile;
  readonly text: string;
  readonly savedAt: number;
}

export interface StartupState {
  /** True the first time Convolab starts for this user (the examples gallery opens). */
  readonly firstStart: boolean;
  readonly recent: readonly DocumentFile[];
  readonly backups: readonly BackupOffer[];
}

/** What the document in the window is, so the host can title the window and guard its close. */
export interface DocumentState {
  readonly name: string;
  readonly dirty: boolean;
  /** The document's file (as `DocumentFile.path`); relative params resolve against its folder. */
  readonly path?: string;
}

export type SaveChoice = 'save' | 'discard' | 'cancel';

export interface FileMethods {
  /**
   * Desktop: without a path, the platform's open dialog; with one, that file (Open Recent, a
   * dropped file). Browser: the file at `path` inside the served folder. Undefined when the user
   * cancelled the dialog.
   */
  openDocument(request: { readonly path?: string }): Promise<OpenedDocument | undefined>;
  /**
   * Writes graph text atomically. With `path`: there (desktop: only a file this session opened
   * or chose; browser: inside the served folder). Without: the desktop's save dialog (Save As),
   * starting from `suggestedName`. Undefined when the user cancelled.
   */
  saveDocument(request: { readonly text: string; readonly path?: string; readonly suggestedName?: string }): Promise<DocumentFile | undefined>;
  /** Desktop: a save dialog for exported bytes (base64), then an atomic write. */
  exportFile(request: { readonly suggestedName: string; readonly data: string }): Promise<DocumentFile | undefined>;
  /** Browser: the entries of a folder inside the served folder. */
  listFolder(path: string): Promise<FolderListing>;
  /** Browser: puts a file from the user's computer (base64 bytes) into the served folder. */
  uploadFile(request: { readonly path: string; readonly data: string; readonly replace?: boolean }): Promise<DocumentFile>;
  recentDocuments(): Promise<DocumentFile[]>;
  clearRecent(): Promise<void>;
  /** First start, recent files, and the backups left by earlier sessions (and by `sessionId`'s own). */
  startup(sessionId: string): Promise<StartupState>;
  /** Stores the unsaved document of session `id` (the renderer calls it about a second after a change). */
  writeBackup(request: { readonly id: string; readonly text: string; readonly path?: string }): Promise<void>;
  /** Drops session `id`'s backup: its document was saved or discarded. */
  discardBackup(id: string): Promise<void>;
  setDocumentState(state: DocumentState): Promise<void>;
  /** Desktop: asks Save / Don't Save / Cancel in the platform's own dialog. */
  askToSave(name: string): Promise<SaveChoice>;
  /** Desktop: the renderer agreed that its window may close (after asking about unsaved changes). */
  closeWindow(): Promise<void>;
}

/** Commands the desktop's native menu and window send to the renderer. */
export type AppCommand =
  | { readonly kind: 'new' }
  | { readonly kind: 'open' }
  | { readonly kind: 'openRecent'; readonly path: string }
  | { readonly kind: 'save' }
  | { readonly kind: 'saveAs' }
  | { readonly kind: 'revert' }
  | { readonly kind: 'examples' }
  /** The window is about to close (or the app to quit) with unsaved changes. */
  | { readonly kind: 'close' };

export type AppCommandListener = (command: AppCommand) => void;

/** What the renderer reaches: the engine host's API plus documents and files. */
export interface AppApi extends HostApi, FileMethods {
  /** Subscribes to commands from the native menu and window; returns the unsubscribe function. */
  onCommand(listener: AppCommandListener): () => void;
  /** Desktop only: the path of a file dropped on the window (Electron's webUtils). */
  pathForFile?(file: unknown): string;
}

export type FileMethodName = keyof FileMethods;
export const FILE_METHODS: readonly FileMethodName[] = [
  'openDocument',
  'saveDocument',
  'exportFile',
  'listFolder',
  'uploadFile',
  'recentDocuments',
  'clearRecent',
  'startup',
  'writeBackup',
  'discardBackup',
  'setDocumentState',
  'askToSave',
  'closeWindow',
];

export type AppMethods = HostMethods & FileMethods;
export type AppMethodName = keyof AppMethods;
export const APP_METHODS: readonly AppMethodName[] = [...HOST_METHODS, ...FILE_METHODS];
export const IPC_COMMAND_CHANNEL = `${IPC_PREFIX}command`;

export function isFileMethod(method: string): method is FileMethodName {
  return (FILE_METHODS as readonly string[]).includes(method);
}

/** The longest graph text that crosses the boundary (the loader's own limit, json.ts). */
export const MAX_DOCUMENT_CHARS = 50 * 1024 * 1024;
/** The largest file (as base64) an export or upload carries: 96 MiB of bytes. */
export const MAX_TRANSFER_CHARS = Math.ceil((96 * 1024 * 1024) / 3) * 4;

const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), 'must not contain a NUL character');
const folderPath = z
  .string()
  .max(4096)
  .refine((path) => !path.includes('\0'), 'must not contain a NUL character');
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/\0]/.test(name), 'must be a file name, not a path');
const base64 = z.string().max(MAX_TRANSFER_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** Graph text the host will write: a graph file by the file format's own structural checks. */
const graphText = z
  .string()
  .max(MAX_DOCUMENT_CHARS)
  .superRefine((text, context) => {
    const problem = graphTextProblem(text);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `not a Convolab graph: ${problem}` });
  });
const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -');

const fileArgumentSchemas: { readonly [M in FileMethodName]: z.ZodType<Parameters<FileMethods[M]>> } = {
  openDocument: z.tuple([z.strictObject({ path: filePath.optional() })]),
  saveDocument: z.tuple([
    z.strictObject({ text: graphText, path: filePath.optional(), suggestedName: fileName.optional() }),
  ]),
  exportFile: z.tuple([z.strictObject({ suggestedName: fileName, data: base64 })]),
  listFolder: z.tuple([folderPath]),
  uploadFile: z.tuple([z.strictObject({ path: filePath, data: base64, replace: z.boolean().optional() })]),
  recentDocuments: z.tuple([]),
  clearRecent: z.tuple([]),
  startup: z.tuple([sessionId]),
  writeBackup: z.tuple([z.strictObject({ id: sessionId, text: graphText, path: filePath.optional() })]),
  discardBackup: z.tuple([sessionId]),
  setDocumentState: z.tuple([z.strictObject({ name: z.string().max(1000), dirty: z.boolean(), path: filePath.optional() })]),
  askToSave: z.tuple([z.string().max(1000)]),
  closeWindow: z.tuple([]),
};
