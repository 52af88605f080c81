/**
 * The one typed API between the UI and whatever hosts the engine (../shared/STYLE.md, "Layers").
 * `HostApi` is implemented by the engine host in src-main, exposed method by method by the
 * Electron preload, and carried over a WebSocket by `convolab serve`. One table per group of
 * methods (HOST_METHOD_TABLE, FILE_METHOD_TABLE) gives each method's argument schema and types;
 * every argument that crosses a process boundary is checked against it by one dispatch
 * (`dispatchCall`), with the same rules and the same one-line errors on both transports.
 */
import * as z from './zod-mini';
import { GRAPH_VERSION, GRAPH_VERSION_WITHOUT_BLOCKS, type GraphDocument } from './graph/document';
import { MAX_DOCUMENT_CHARS } from './graph/json';
import { LIMITS, blockDefinitionSchema, edgeSchema, graphDocumentSchema, graphTextProblem, nodeSchema } from './graph/schema';
import type { NodeReport } from './engine/engine';
import type { DocumentEdit } from './graph/document-edit';
import type { LibraryListing, LibrarySaveRequest, LibrarySaveResult } from './library';
import type { ProbeArgs } from './nodes/define';

export type { ProbeArgs };
import type { Preview } from './engine/preview';

/** A run of a whole document: what the engine worker runs, and what a page sends when the host may not hold its last one. */
export interface DocumentRun {
  readonly doc: GraphDocument;
  /**
   * The document's version, when the page will send its next run as an edit of it
   * (`EditRun`): the host keeps the document under this name.
   */
  readonly version?: string;
  /**
   * The page holds no previews yet (its first run since it loaded): every node's previews are
   * sent, even those the engine already sent under the same version to a page before a reload.
   */
  readonly resend?: boolean;
}

/**
 * A run of the document the host holds as `edit.base`, edited (graph/document-edit.ts): a param
 * change sends the node it changed rather than the whole document. The host that does not hold
 * that base (a new host, a failed edit before it) answers `{ needsDocument: true }` and runs
 * nothing; the page then sends the document whole.
 */
export interface EditRun {
  readonly edit: DocumentEdit;
  readonly resend?: boolean;
}

export type RunRequest = DocumentRun | EditRun;

/** The answer to `run`: the run's id, or that the host lacks the base of an edit. */
export type RunAnswer = { readonly runId: number } | { readonly needsDocument: true };

export interface HostInfo {
  readonly version: string;
  /** `electron` in the desktop app, `browser` under `convolab serve`, `web` in the static web build (engine in a Web Worker). */
  readonly mode: 'electron' | 'browser' | 'web';
}

/**
 * One node's result in a run. `previews` is absent when they are the ones already sent under
 * `previewVersion` (a cached node's, unchanged): a 300-node graph's param change sends the few
 * that changed.
 */
export interface NodeDone {
  readonly report: NodeReport;
  readonly previews?: Readonly<Record<string, Preview>>;
  /** Names this node's previews: equal versions, equal previews. */
  readonly previewVersion: number;
}

/**
 * What the host reports while it runs a graph. Previews are keyed by output port (and `sink`).
 * Results come as `nodesDone`, one event for the nodes that finished one after another without
 * a node starting in between (the cached ones of a param change come as one message, not one
 * each), in the order they finished.
 */
export type HostEvent =
  | { readonly kind: 'runStart'; readonly runId: number }
  | { readonly kind: 'nodeStart'; readonly runId: number; readonly id: string }
  | { readonly kind: 'nodeProgress'; readonly runId: number; readonly id: string; readonly fraction: number }
  | { readonly kind: 'nodesDone'; readonly runId: number; readonly nodes: readonly NodeDone[] }
  | {
      readonly kind: 'runEnd';
      readonly runId: number;
      readonly status: 'done' | 'cancelled' | 'failed';
      readonly ms: number;
      readonly error?: string;
    }
  | { readonly kind: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly message: string }
  | ProfileEvent;

export type HostEventListener = (event: HostEvent) => void;

/** Limits for `getValue`: larger values come back reduced, and say so. */
export interface ValueOptions {
  /**
   * Longest signal or spectrum returned sample for sample (default 4,194,304); a longer signal is
   * strided, a longer spectrum reduced to the largest bin of each `step` (its peaks kept).
   */
  readonly maxSamples?: number;
  /** Longest image side returned pixel for pixel (default 1024); larger images are box-downscaled. */
  readonly maxSide?: number;
  /**
   * For a volume: which plane comes back as the image (`index` −1 or absent = the middle), or with
   * `mip` the maximum-intensity projection along `axis`. Without it a volume sends its middle z plane.
   */
  readonly slice?: { readonly axis: 'x' | 'y' | 'z'; readonly index?: number; readonly mip?: boolean };
  /**
   * For a signal: its min/max envelope over samples [from, to) (default the whole signal) in
   * `columns` columns, answered as kind 'envelope' (a plot's level of detail: every sample counts,
   * none is skipped as a stride would). A range of at most `columns` samples comes back sample for
   * sample (one column each, min = max). A range reaching past the signal's end is cut at it.
   *
   * For a spectrum: its peaks over bins [from, to) (default every bin) in `columns` columns,
   * answered as kind 'peaks': each column's bin of largest finite magnitude, with its index and
   * its complex value (so its phase too). A range of at most `columns` bins comes back bin for
   * bin. `maxSamples` then plays no part. Other values ignore it.
   */
  readonly envelope?: { readonly columns: number; readonly from?: number; readonly to?: number };
}

/** The most columns an envelope may ask for (a plot several screens wide). */
export const MAX_ENVELOPE_COLUMNS = 8192;

/**
 * A wire's value at (up to) full resolution, for the views that need more than a preview: the
 * large plot, the pixel inspector, audio playback. Arrays are typed arrays (Float64 for signals
 * and spectra, Float32 for images): structured clone carries them over IPC, and serve's binary
 * frames (protocol-codec.ts) as their bytes.
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
      readonly data: Float64Array;
    }
  | {
      readonly kind: 'spectrum';
      readonly start: number;
      readonly rate: number;
      readonly hermitian: boolean;
      readonly length: number;
      /** Entry i is the bin of largest magnitude among bins [i·step, (i+1)·step) (1: every bin). */
      readonly step: number;
      readonly re: Float64Array;
      readonly im: Float64Array;
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
      readonly data: Float32Array;
    }
  | {
      /**
       * A signal's min/max envelope (ValueOptions.envelope): column c covers samples
       * [from + ⌊c·n/C⌋, from + ⌊(c+1)·n/C⌋) of the value, n = to − from, C = min.length, and holds
       * their smallest and largest finite sample (NaN in both when none is finite: a gap). When
       * C = n each column is one sample and `min` and `max` are the very same array (sent once).
       */
      readonly kind: 'envelope';
      readonly start: number;
      readonly rate: number;
      /** Samples in the value itself. */
      readonly length: number;
      /** The samples covered, as indices into the value (0 is its first sample, whatever its `start`). */
      readonly from: number;
      readonly to: number;
      readonly min: Float64Array;
      readonly max: Float64Array;
    }
  | {
      /**
       * A spectrum's peaks (ValueOptions.envelope): column c covers bins
       * [from + ⌊c·n/C⌋, from + ⌊(c+1)·n/C⌋) of the value, n = to − from, C = bin.length, and holds
       * its bin of largest finite magnitude (the first of equals): `bin[c]` its index into the
       * value, `re[c]`, `im[c]` its value. A column with no finite bin holds NaN in both and its
       * first bin's index (a gap). When C = n each column is one bin: the bins themselves (one
       * that is NaN or infinite, NaN).
       */
      readonly kind: 'peaks';
      readonly start: number;
      readonly rate: number;
      readonly hermitian: boolean;
      /** Bins in the value itself (the transform length). */
      readonly length: number;
      /** The bins covered, as indices into the value. */
      readonly from: number;
      readonly to: number;
      readonly bin: Uint32Array;
      readonly re: Float64Array;
      readonly im: Float64Array;
    }
  | { readonly kind: 'value'; readonly fields: Readonly<Record<string, number>> };

/**
 * One row of the method tables below: the schema every call's arguments must pass on either
 * transport, and (as types only) the arguments and the answer the method declares. The
 * `HostMethods` and `FileMethods` types, the WebSocket client, and the dispatch of IPC and of
 * serve are all derived from the tables; only the sandboxed preload spells the methods out.
 */
export interface MethodSpec<Args extends unknown[], Result> {
  readonly args: z.ZodMiniType<Args>;
  /** Never set: carries the answer's type. */
  readonly result?: Result;
}

/** A table row: `Args` and `Result` are declared, and the schema must produce `Args`. */
function method<Args extends unknown[], Result>(args: z.ZodMiniType<Args>): MethodSpec<Args, Result> {
  return { args };
}

/** The methods of a table as a renderer calls them: each returns a promise on every transport. */
type MethodsOf<Table> = {
  [M in keyof Table]: Table[M] extends MethodSpec<infer Args, infer Result> ? (...args: Args) => Promise<Result> : never;
};

/** The methods a renderer may call; each returns a promise on every transport. */
export type HostMethods = MethodsOf<typeof HOST_METHOD_TABLE>;

export interface HostApi extends HostMethods {
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: HostEventListener): () => void;
}

export type HostMethodName = keyof HostMethods;

/** The prefix of every Electron IPC channel Convolab uses. */
export const IPC_PREFIX = 'convolab:';
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
export function ipcChannel(method: AppMethodName): string {
  return `${IPC_PREFIX}${method}`;
}

const id = z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength));
const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const upTo = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
const paramValue = z.union([
  finite,
  z.string().check(z.maxLength(100_000)),
  z.boolean(),
  upTo(finite, 10_000_000),
  upTo(upTo(finite, 100_000), 100_000),
  upTo(upTo(upTo(finite, 100_000), 100_000), 100_000),
]);

/**
 * A document crossing the boundary: the graph file's own schema (src-shared/graph/schema.ts:
 * strict keys, limits on ids, counts and coordinates) at the current version, with every param
 * shaped like a param value (FORMAT.md: a number, text, true/false, a list of numbers, a list
 * of rows or a list of planes). What needs the catalog — known types, param ranges, handles, cycles — the engine
 * checks node by node, so that a graph being edited still runs everywhere it can.
 */
// (The file's schemas are zod's mini build, zod-mini.ts, which has no `.extend`: spreading the
// shape of a strict object into another strict object is the same.)
const documentNode = z.strictObject({ ...nodeSchema.shape, params: z.optional(z.record(z.string().check(z.maxLength(LIMITS.idLength)), paramValue)) });
export const documentSchema = z.strictObject({
  ...graphDocumentSchema.shape,
  // Documents in memory are at the current version; one read as its file says (2: no blocks) is taken too.
  version: z.union([z.literal(GRAPH_VERSION), z.literal(GRAPH_VERSION_WITHOUT_BLOCKS)]),
  nodes: upTo(documentNode, LIMITS.nodes),
  blocks: z.optional(
    z
      .record(id, z.strictObject({ ...blockDefinitionSchema.shape, nodes: upTo(documentNode, LIMITS.nodes) }))
      .check(z.refine((blocks) => Object.keys(blocks).length <= LIMITS.blocks, `at most ${LIMITS.blocks} block definitions`)),
  ),
});

/** A document's version as the page names it (its own id and a count). */
const documentVersion = z.string().check(z.minLength(1), z.maxLength(100));
const { format, version, meta, blocks, viewport } = documentSchema.shape;
/**
 * An edit of a document (graph/document-edit.ts), checked as strictly as a whole document: every
 * node and edge it brings by the document's own schemas, every key it replaces by that key's, the
 * lists it orders within the document's limits. What depends on the base (ids it names, set
 * twice) is checked where it is applied (applyDocumentEdit).
 */
const documentEditSchema = z.strictObject({
  base: documentVersion,
  version: documentVersion,
  nodes: z.optional(z.strictObject({ set: upTo(documentNode, LIMITS.nodes), order: z.optional(upTo(id, LIMITS.nodes)) })),
  edges: z.optional(z.strictObject({ set: upTo(edgeSchema, LIMITS.edges), order: z.optional(upTo(id, LIMITS.edges)) })),
  fields: z.optional(
    z.strictObject({ format: z.optional(format), version: z.optional(version), meta: z.optional(meta), blocks: z.optional(blocks), viewport: z.optional(viewport) }),
  ),
  drop: z.optional(upTo(z.enum(['meta', 'blocks', 'viewport']), 3)),
});

const documentRunSchema = z.strictObject({ doc: documentSchema, version: z.optional(documentVersion), resend: z.optional(z.boolean()) });
const editRunSchema = z.strictObject({ edit: documentEditSchema, resend: z.optional(z.boolean()) });
/**
 * A run request: an edit when it has `edit`, else a whole document. Checked by the one schema
 * it claims to be, so a refusal names its place (`0.doc.nodes.3.params.sigma`), which a union's
 * "matches neither" would not.
 */
const runRequestSchema = z.pipe(
  z.unknown(),
  z.transform((value, context) => {
    const schema = value !== null && typeof value === 'object' && Object.hasOwn(value, 'edit') ? editRunSchema : documentRunSchema;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) context.issues.push({ ...issue, input: value } as (typeof context.issues)[number]);
    return z.NEVER;
  }),
);

// ---------------------------------------------------------------------------------------------
// Teaching views: the equivalence check (op.compare), the kernel inspector, the complexity
// profiler and the probes a node's definition offers (the U-Net's feature maps). What they show needs DSP (residuals, DFTs, timed convolutions), so the host computes
// it and the renderer only draws (DESIGN.md, "The UI thread never computes DSP").
// ---------------------------------------------------------------------------------------------

/** An output port of a node, or `sink` for what a sink received (as in `getValue`). */
export interface PortRef {
  readonly node: string;
  readonly port: string;
}

export interface CompareOptions {
  /**
   * Longest signal returned sample for sample (default 65,536); a longer one is reduced to the
   * sample of largest |a − b| in each `step` (a and b at that sample), so the worst error shows.
   */
  readonly maxPoints?: number;
  /** Longest image side returned pixel for pixel (default 512); larger ones are box-downscaled. */
  readonly maxSide?: number;
}

/** Measures of a − b over the full values (never over the reduced arrays sent along). */
export interface CompareStats {
  readonly maxAbsError: number;
  readonly rmsError: number;
  /** maxAbsError / max |a| (the absolute error when a is all 0), as op.compare defines it. */
  readonly relError: number;
  /** 10·log10(Σ|a|² / Σ|a − b|²); null when it is not finite (identical values, or a all 0). */
  readonly snrDb: number | null;
  /** True when every paired sample is exactly equal. */
  readonly identical: boolean;
  /** Paired samples (pixels × channels, bins, fields) that were compared. */
  readonly count: number;
}

/**
 * a, b and a − b after alignment (signals by start, images by origin, zero-filled union; spectra
 * as magnitudes |a|, |b|, |a − b|; records by field name). Arrays are Float64 (signals, spectra)
 * or Float32 (images), like `FullValue`.
 */
export type Comparison =
  | {
      readonly kind: 'signal' | 'spectrum';
      readonly start: number;
      readonly rate: number;
      readonly length: number;
      readonly step: number;
      readonly a: Float64Array;
      readonly b: Float64Array;
      readonly residual: Float64Array;
      readonly stats: CompareStats;
    }
  | {
      readonly kind: 'image';
      /** Aligned size; `width` × `height` is what the arrays hold (smaller when downscaled). */
      readonly fullWidth: number;
      readonly fullHeight: number;
      readonly width: number;
      readonly height: number;
      readonly channels: number;
      readonly origin: { readonly x: number; readonly y: number };
      readonly fromSpectrum: boolean;
      /**
       * For volumes: the z plane the pictures are (index from 0, of the aligned volume's `last` + 1);
       * the stats are over every voxel.
       */
      readonly plane?: { readonly axis: 'z'; readonly index: number; readonly last: number };
      readonly a: Float32Array;
      readonly b: Float32Array;
      readonly residual: Float32Array;
      readonly stats: CompareStats;
    }
  | {
      readonly kind: 'value';
      readonly names: readonly string[];
      readonly a: readonly number[];
      readonly b: readonly number[];
      readonly stats: CompareStats;
    };

export interface ResponseOptions {
  /** DFT length per axis (default: 1-D max(512, 4·taps) to a power of two; 2-D 64, or 4·side). */
  readonly size?: number;
}

/** How a kernel treats frequencies, read from its |H|: what the inspector says in words. */
export type FilterCharacter = 'low-pass' | 'high-pass' | 'band-pass' | 'all-pass' | 'high-boost' | 'other';

/**
 * |H| of a kernel, zero-padded to `size` (per axis) and centred: entry i sits at frequency
 * (i − floor(size/2)) / size cycles per sample (× rate for a signal in Hz), so the middle is DC.
 */
export type FrequencyResponse = {
  readonly character: FilterCharacter;
  /** |H| at DC, at the highest frequency (Nyquist; the (½, ½) corner in 2-D) and its peak. */
  readonly dcGain: number;
  readonly nyquistGain: number;
  readonly peakGain: number;
} & (
  | {
      readonly kind: 'response1d';
      readonly taps: number;
      readonly size: number;
      readonly rate: number;
      /** `size` values. */
      readonly magnitude: Float64Array;
    }
  | {
      readonly kind: 'response2d';
      readonly kernelWidth: number;
      readonly kernelHeight: number;
      readonly size: number;
      /** size × size, rows top to bottom (fy from −½ upward), columns fx from −½. */
      readonly magnitude: Float32Array;
    }
  | {
      readonly kind: 'response3d';
      readonly kernelWidth: number;
      readonly kernelHeight: number;
      readonly kernelDepth: number;
      readonly size: number;
      /**
       * |H| padded to size³, its three planes through DC one after another, each size × size with
       * rows a and columns b: (fy, fx) at fz = 0, (fz, fx) at fy = 0, (fz, fy) at fx = 0.
       */
      readonly planes: Float32Array;
    }
);

/** What one curve of a profile times: a convolve method, or FFT → multiply → IFFT as graph nodes. */
export type ProfileOperation = 'direct' | 'fft' | 'overlap-add' | 'auto' | 'fft-chain';

export interface ProfileSeriesRequest {
  readonly label: string;
  readonly operation: ProfileOperation;
  /** 1: two signals of n samples each. 2: an image of about n pixels and a kernel of side/4. */
  readonly dims: 1 | 2;
  /** Time op.correlate instead of op.convolve. */
  readonly correlate?: boolean;
}

export interface ProfileRequest {
  readonly series: readonly ProfileSeriesRequest[];
  /** Sizes n = 2^fromLog2 … 2^toLog2 (a curve stops early when its next size would exceed the budget). */
  readonly fromLog2: number;
  readonly toLog2: number;
  /** The longest one timing may be expected to take (default 1500 ms). */
  readonly pointBudgetMs?: number;
}

/** log2(ms) ≈ slope · log2(n) + intercept, by least squares over the largest sizes timed. */
export interface SlopeFit {
  readonly slope: number;
  readonly intercept: number;
  /** The sizes the fit used. */
  readonly fromN: number;
  readonly toN: number;
  readonly points: number;
}

export type ProfileEvent =
  | {
      readonly kind: 'profileProgress';
      readonly profileId: number;
      readonly series: number;
      readonly n: number;
      /** Timings done over timings planned. */
      readonly fraction: number;
    }
  | {
      readonly kind: 'profilePoint';
      readonly profileId: number;
      readonly series: number;
      readonly n: number;
      /** The fastest of `repeats` timings, in milliseconds. */
      readonly ms: number;
      readonly repeats: number;
      /** The series' fit so far (absent with fewer than two points). */
      readonly fit?: SlopeFit;
    }
  | {
      readonly kind: 'profileEnd';
      readonly profileId: number;
      readonly status: 'done' | 'cancelled' | 'failed';
      readonly error?: string;
      /** Why each series stopped where it did (reached the top size, or the budget). */
      readonly stopped: readonly string[];
    };

const portRef = z.strictObject({ node: id, port: id });
/** A probe's arguments: a few named numbers, words or switches; the probe checks their meaning. */
const probeArgs = z
  .record(z.string().check(z.minLength(1), z.maxLength(64)), z.union([finite, z.string().check(z.maxLength(200)), z.boolean()]))
  .check(z.refine((args) => Object.keys(args).length <= 32, 'must have at most 32 entries'));
/** A whole number in [min, max]. */
const whole = (min: number, max?: number) => z.number().check(z.int(), z.gte(min), ...(max !== undefined ? [z.lte(max)] : []));

/**
 * The engine host's methods: what each takes (checked on both transports) and answers. Adding a
 * method is a row here, its implementation in the host (src-main/host/host.ts) and its line in
 * the preload (src-main/electron/preload.ts); the rest follows from this table.
 */
const HOST_METHOD_TABLE = {
  /** Starts a run that supersedes any run in flight; resolves at once with its id. */
  run: method<[request: RunRequest], RunAnswer>(z.tuple([runRequestSchema]) as unknown as z.ZodMiniType<[RunRequest]>),
  /** Cancels a run if it is still in flight. */
  cancel: method<[runId: number], void>(z.tuple([whole(0)])),
  info: method<[], HostInfo>(z.tuple([])),
  /**
   * The value a node last produced on an output port (or `sink`, what a sink received), from the
   * host's memo; undefined when the node has not produced one (not run yet, or failed).
   */
  getValue: method<[nodeId: string, port: string, options?: ValueOptions], FullValue | undefined>(
    // One tuple with an optional third element (not a union of two), so a refusal names the bad option's place.
    z.tuple([
      id,
      id,
      z.optional(
        z.strictObject({
          maxSamples: z.optional(whole(1, 1 << 24)),
          maxSide: z.optional(whole(1, 8192)),
          slice: z.optional(z.strictObject({ axis: z.enum(['x', 'y', 'z']), index: z.optional(whole(-1)), mip: z.optional(z.boolean()) })),
          envelope: z.optional(
            z
              .strictObject({ columns: whole(1, MAX_ENVELOPE_COLUMNS), from: z.optional(whole(0, Number.MAX_SAFE_INTEGER)), to: z.optional(whole(1, Number.MAX_SAFE_INTEGER)) })
              .check(z.refine((e) => e.from === undefined || e.to === undefined || e.from < e.to, 'from must be below to')),
          ),
        }),
      ),
    ]) as unknown as z.ZodMiniType<[string, string, ValueOptions?]>,
  ),
  // Teaching views (see the section above).
  /** Two values lined up as op.compare lines them up, their residual and its measures. */
  compareValues: method<[a: PortRef, b: PortRef, options?: CompareOptions], Comparison | undefined>(z.union([
    z.tuple([portRef, portRef]),
    z.tuple([
      portRef,
      portRef,
      z.strictObject({
        maxPoints: z.optional(whole(16, 1 << 22)),
        maxSide: z.optional(whole(8, 4096)),
      }),
    ]),
  ])),
  /** The magnitude of a kernel's DFT, zero-padded and centred: what the kernel does to each frequency. */
  frequencyResponse: method<[ref: PortRef, options?: ResponseOptions], FrequencyResponse | undefined>(z.union([
    z.tuple([portRef]),
    z.tuple([portRef, z.strictObject({ size: z.optional(whole(8, 1 << 16)) })]),
  ])),
  /**
   * What a node's definition offers a view beyond its outputs (`probes` in nodes/define.ts: the
   * U-Net's `unetFeatures`), from the inputs and params of its last good run; undefined while it
   * has none. The answer's shape is the probe's own (nodes/unet3d-features.ts's UNetFeatures).
   */
  probeNode: method<[nodeId: string, probe: string, args?: ProbeArgs], unknown>(z.union([
    z.tuple([id, id]),
    z.tuple([id, id, probeArgs]),
  ])),
  /** Starts timing convolutions over growing sizes in a worker of its own; progress comes as ProfileEvents. */
  profile: method<[request: ProfileRequest], { profileId: number }>(z.tuple([
    z
      .strictObject({
        series: z
          .array(
            z.strictObject({
              label: z.string().check(z.minLength(1), z.maxLength(200)),
              operation: z.enum(['direct', 'fft', 'overlap-add', 'auto', 'fft-chain']),
              dims: z.union([z.literal(1), z.literal(2)]),
              correlate: z.optional(z.boolean()),
            }),
          )
          .check(z.minLength(1), z.maxLength(6)),
        fromLog2: whole(4, 24),
        toLog2: whole(4, 24),
        pointBudgetMs: z.optional(z.number().check(z.gte(10), z.lte(60_000))),
      })
      .check(z.refine((request) => request.fromLog2 <= request.toLog2, { message: 'fromLog2 must be <= toLog2', path: ['toLog2'] })),
  ])),
  /** Stops a profile still running (its worker is ended); a `profileEnd` with status cancelled follows. */
  cancelProfile: method<[profileId: number], void>(z.tuple([whole(0)])),
};

export type CheckedCall =
  | { readonly ok: true; readonly method: AppMethodName; readonly args: unknown[] }
  | { readonly ok: false; readonly error: string };

/** Checks a call that arrived over IPC or a WebSocket before the host sees it. */
export function checkCall(method: unknown, args: unknown): CheckedCall {
  if (typeof method !== 'string' || !Object.hasOwn(APP_METHOD_TABLE, method)) {
    return { ok: false, error: `unknown method ${JSON.stringify(method)}` };
  }
  const name = method as AppMethodName;
  const schema: z.ZodMiniType = APP_METHOD_TABLE[name].args;
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return { ok: false, error: `${name}: bad arguments${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, method: name, args: parsed.data as unknown[] };
}

/** The answer to one call, the same on both transports (an IPC reply, a socket's `reply`). */
export type CallReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Where a checked call goes: the engine host, or the files service (absent where there is none). */
export interface CallTargets {
  readonly host: HostMethods;
  readonly files?: FileMethods | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one dispatch of both transports (Electron IPC, serve's WebSocket): checks the call against
 * the table, then makes it on the host or the files service. `targets` is asked only for a call
 * that passed the checks, and may refuse it by throwing (serve: too many pages, unread answers).
 * Never throws: a refusal, a bad argument or a failure of the method comes back as its one line.
 */
export async function dispatchCall(method: unknown, args: unknown, targets: (method: AppMethodName) => CallTargets): Promise<CallReply> {
  const checked = checkCall(method, args);
  if (!checked.ok) return checked;
  try {
    const { host, files } = targets(checked.method);
    const target: object | undefined = isFileMethod(checked.method) ? files : host;
    if (!target) return { ok: false, error: `${checked.method}: files are not available here` };
    const call = (target as Record<AppMethodName, (...values: unknown[]) => Promise<unknown>>)[checked.method];
    return { ok: true, value: await call.apply(target, checked.args) };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/**
 * The AppMethods as a client calls them, each one `send(method, args)`: the WebSocket client is
 * this over its socket. Trailing arguments left out stay out (JSON would turn them into null).
 */
export function methodsCalling(send: (method: AppMethodName, args: unknown[]) => Promise<unknown>): AppMethods {
  const entries = APP_METHODS.map((name) => [
    name,
    (...args: unknown[]) => {
      let length = args.length;
      while (length > 0 && args[length - 1] === undefined) length--;
      return send(name, args.slice(0, length));
    },
  ]);
  return Object.fromEntries(entries) as AppMethods;
}

/** Messages of the WebSocket transport (`convolab serve`). */
export type SocketClientMessage = { readonly t: 'call'; readonly id: number; readonly method: string; readonly args: unknown[] };
export type SocketServerMessage =
  | ({ readonly t: 'reply'; readonly id: number } & CallReply)
  | { readonly t: 'event'; readonly event: HostEvent }
  /** Events the host emitted together (what the engine worker sent as one message), in order: one frame. */
  | { readonly t: 'events'; readonly events: readonly HostEvent[] };

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

/**
 * A PNG chosen in File ▸ Open: its bytes. The renderer opens the graph it carries (an iTXt chunk,
 * src-shared/io/png-text.ts) as an untitled copy, or else the picture in a source.image graph.
 */
export interface OpenedPicture extends DocumentFile {
  readonly png: Uint8Array;
}

/** Whether a name is one File ▸ Open reads as a picture (a PNG) rather than as graph text. */
export function isPictureName(path: string): boolean {
  return /\.png$/i.test(path);
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

/** Documents and files: what the host's files service answers (FILE_METHOD_TABLE below). */
export type FileMethods = MethodsOf<typeof FILE_METHOD_TABLE>;

/** Commands the desktop's native menu and window send to the renderer. */
export type AppCommand =
  | { readonly kind: 'new' }
  | { readonly kind: 'open' }
  | { readonly kind: 'openRecent'; readonly path: string }
  | { readonly kind: 'save' }
  | { readonly kind: 'saveAs' }
  | { readonly kind: 'revert' }
  | { readonly kind: 'examples' }
  | { readonly kind: 'exportPython' }
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
export type AppMethods = HostMethods & FileMethods;
export type AppMethodName = keyof AppMethods;
export const IPC_COMMAND_CHANNEL = `${IPC_PREFIX}command`;

/** The longest graph text that crosses the boundary: the loader's own limit, defined beside it (json.ts). */
export { MAX_DOCUMENT_CHARS };
/** The largest PNG File ▸ Open reads: 64 MiB (a larger picture goes in through a source.image node). */
export const MAX_OPENED_PICTURE_BYTES = 64 * 1024 * 1024;
/** File ▸ Open's refusal of a picture over MAX_OPENED_PICTURE_BYTES. */
export function pictureTooLarge(name: string, bytes: number): string {
  return `${name}: ${(bytes / 1048576).toFixed(0)} MiB is over the ${MAX_OPENED_PICTURE_BYTES / 1048576} MiB File ▸ Open reads for a picture: open it through a source.image node instead`;
}
/** The largest file an export or upload carries: 96 MiB. */
export const MAX_TRANSFER_BYTES = 96 * 1024 * 1024;

const filePath = z.string().check(
  z.minLength(1),
  z.maxLength(4096),
  z.refine((path) => !path.includes('\0'), 'must not contain a NUL character'),
);
const folderPath = z.string().check(
  z.maxLength(4096),
  z.refine((path) => !path.includes('\0'), 'must not contain a NUL character'),
);
const fileName = z.string().check(
  z.minLength(1),
  z.maxLength(255),
  z.refine((name) => !/[\\/\0]/.test(name), 'must be a file name, not a path'),
);
/** A file's bytes, as they are (a Node Buffer is a Uint8Array too). */
const fileBytes = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the file\'s bytes (a Uint8Array)')
  .check(z.refine((bytes) => bytes.byteLength <= MAX_TRANSFER_BYTES, `must be at most ${MAX_TRANSFER_BYTES / 1048576} MiB`));
/** Graph text the host will write: a graph file by the file format's own structural checks. */
const graphText = z.string().check(
  z.maxLength(MAX_DOCUMENT_CHARS),
  z.superRefine((text, context) => {
    const problem = graphTextProblem(text);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `not a Convolab graph: ${problem}` });
  }),
);
const sessionId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'));

/** The files service's methods, in the same form as HOST_METHOD_TABLE. */
const FILE_METHOD_TABLE = {
  /**
   * Desktop: without a path, the platform's open dialog; with one, that file (Open Recent, a
   * dropped file). Browser: the file at `path` inside the served folder. Undefined when the user
   * cancelled the dialog.
   */
  openDocument: method<[request: { readonly path?: string }], OpenedDocument | OpenedPicture | undefined>(z.tuple([z.strictObject({ path: z.optional(filePath) })])),
  /**
   * Writes graph text atomically. With `path`: there (desktop: only a file this session opened
   * or chose; browser: inside the served folder). Without: the desktop's save dialog (Save As),
   * starting from `suggestedName`. Undefined when the user cancelled.
   */
  saveDocument: method<[request: { readonly text: string; readonly path?: string; readonly suggestedName?: string }], DocumentFile | undefined>(
    z.tuple([z.strictObject({ text: graphText, path: z.optional(filePath), suggestedName: z.optional(fileName) })]),
  ),
  /** Desktop: a save dialog for exported bytes, then an atomic write. */
  exportFile: method<[request: { readonly suggestedName: string; readonly data: Uint8Array }], DocumentFile | undefined>(
    z.tuple([z.strictObject({ suggestedName: fileName, data: fileBytes })]),
  ),
  /** Browser: the entries of a folder inside the served folder. */
  listFolder: method<[path: string], FolderListing>(z.tuple([folderPath])),
  /** Browser: puts a file from the user's computer (its bytes) into the served folder. */
  uploadFile: method<[request: { readonly path: string; readonly data: Uint8Array; readonly replace?: boolean }], DocumentFile>(
    z.tuple([z.strictObject({ path: filePath, data: fileBytes, replace: z.optional(z.boolean()) })]),
  ),
  recentDocuments: method<[], DocumentFile[]>(z.tuple([])),
  clearRecent: method<[], void>(z.tuple([])),
  /** First start, recent files, and the backups left by earlier sessions (and by `sessionId`'s own). */
  startup: method<[sessionId: string], StartupState>(z.tuple([sessionId])),
  /** Stores the unsaved document of session `id` (the renderer calls it about a second after a change). */
  writeBackup: method<[request: { readonly id: string; readonly text: string; readonly path?: string }], void>(
    z.tuple([z.strictObject({ id: sessionId, text: graphText, path: z.optional(filePath) })]),
  ),
  /** Drops session `id`'s backup: its document was saved or discarded. */
  discardBackup: method<[id: string], void>(z.tuple([sessionId])),
  setDocumentState: method<[state: DocumentState], void>(
    z.tuple([z.strictObject({ name: z.string().check(z.maxLength(1000)), dirty: z.boolean(), path: z.optional(filePath) })]),
  ),
  /** The user's block library (library.ts): every block that loads, and one line per file skipped. */
  libraryBlocks: method<[], LibraryListing>(z.tuple([])),
  /** Writes a block to the library atomically; over one of the same name only with `replace`. */
  saveLibraryBlock: method<[request: LibrarySaveRequest], LibrarySaveResult>(
    z.tuple([z.strictObject({ name: fileName, text: graphText, replace: z.optional(z.boolean()) })]),
  ),
  /** Desktop: asks Save / Don't Save / Cancel in the platform's own dialog. */
  askToSave: method<[name: string], SaveChoice>(z.tuple([z.string().check(z.maxLength(1000))])),
  /** Desktop: the renderer agreed that its window may close (after asking about unsaved changes). */
  closeWindow: method<[], void>(z.tuple([])),
};

const APP_METHOD_TABLE: { readonly [M in AppMethodName]: MethodSpec<Parameters<AppMethods[M]>, unknown> } = { ...HOST_METHOD_TABLE, ...FILE_METHOD_TABLE };

/** Every method a renderer may call, in the tables' order. */
export const APP_METHODS: readonly AppMethodName[] = Object.keys(APP_METHOD_TABLE) as AppMethodName[];

export function isFileMethod(method: string): method is FileMethodName {
  return Object.hasOwn(FILE_METHOD_TABLE, method);
}
