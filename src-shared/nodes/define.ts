/**
 * One definition per node type drives the palette, the inspector, validation, compute, the docs
 * and the CLI (../shared/DESIGN.md, "Principles"). A node type is one file in this folder that
 * calls `defineNode`, plus one line in `registry.ts`.
 */
import type { DataType, Value } from '../data';
import type { ParallelDsp } from '../dsp/parallel';
import type { ParamValue } from '../graph/document';
import type { ImageDisplay, PlayAction, PlotDisplay, SpectrumDisplay, VolumeDisplay } from './display';

export type NodeCategory = 'source' | 'kernel' | 'operation' | 'sink';

export const CATEGORY_TITLES: Readonly<Record<NodeCategory, string>> = {
  source: 'Sources',
  kernel: 'Kernels',
  operation: 'Operations',
  sink: 'Sinks',
};

export interface PortDefinition {
  /** The handle id, as edges name it in the file (`a`, `b`, `in`, `out`, …). */
  readonly id: string;
  readonly label?: string;
  /** The data types this port may carry. */
  readonly types: readonly DataType[];
  /**
   * Ports that share a generic name carry one and the same type (NODES.md's `T`): the editor
   * refuses a connection that would break this.
   */
  readonly generic?: 'T';
  /** An optional input may stay unconnected; compute then sees `undefined`. */
  readonly optional?: boolean;
}

/** The concrete type of an output, when it depends on params or input types. */
export type OutputTypeResolver = (
  params: Readonly<Record<string, ParamValue>>,
  inputTypes: Readonly<Record<string, DataType | undefined>>,
) => DataType | undefined;

/**
 * An output that takes the type of what it feeds (a kernel's `dims: auto`, NODES.md "Kernels
 * adapt to what they meet"). While `param` is `'auto'` and `resolveType` does not decide, the
 * graph layer (graph/infer.ts) picks the type the ports it feeds ask for — `fallback` when none
 * does — and compute receives `param` = `values[type]`.
 */
export interface AdaptiveOutput {
  readonly param: string;
  readonly values: Readonly<Partial<Record<DataType, ParamValue>>>;
  readonly fallback: DataType;
}

export interface OutputPortDefinition extends PortDefinition {
  readonly resolveType?: OutputTypeResolver;
  /**
   * For a value output that is a check (op.compare's `match`): the field whose 1 means pass and
   * anything else fail. The editor shows it as PASS or FAIL, apart from whether the node ran
   * (verdict.ts).
   */
  readonly verdict?: string;
  readonly adapts?: AdaptiveOutput;
}

interface ParamBase {
  readonly name: string;
  readonly label?: string;
  /** One sentence for the inspector. */
  readonly doc?: string;
  /** Shown as a compact control on the node itself, not only in the inspector. */
  readonly inline?: boolean;
  /**
   * When false the inspector hides the param (it keeps its value). `ports` are the types the
   * node's ports carry where the graph decides them (`in: 'signal'`), so a param that applies to
   * one kind of value only (an image's height) hides for another; a port not connected is absent.
   */
  readonly visible?: (params: Readonly<Record<string, ParamValue>>, ports?: Readonly<Partial<Record<string, DataType>>>) => boolean;
}

/**
 * A number param's slider: the span of its track, fixed by the definition (never by the current
 * value, so the node's and the inspector's sliders agree), and how values spread along it. A value
 * typed outside the span is fine within min/max: the thumb then sits at the track's end.
 */
export interface NumberSlider {
  readonly min: number;
  readonly max: number;
  /** `log` for positive values that span decades (σ, rates, tolerances): equal factors, equal track. */
  readonly scale: 'linear' | 'log';
}

export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is not allowed (e.g. sigma > 0). */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
  /** A linear slider's step, from the slider's min (2 from 1 keeps a size odd); else a 1-2-5 value from its span. */
  readonly step?: number;
  /** The slider, or false for none (a seed); undefined derives one from min, max and default. */
  readonly slider?: NumberSlider | false;
  /** Extra rule beyond the range, returning the message when broken (e.g. "must be odd"). */
  readonly check?: (value: number) => string | undefined;
}

export interface EnumParam extends ParamBase {
  readonly kind: 'enum';
  readonly options: readonly (string | number)[];
  readonly default: string | number;
}

export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface StringParam extends ParamBase {
  readonly kind: 'string';
  readonly default: string;
  readonly maxLength?: number;
}

export interface PathParam extends ParamBase {
  readonly kind: 'path';
  readonly default: string;
  /** File name endings offered by the picker, without dots. */
  readonly extensions: readonly string[];
}

/** A list of numbers (`values`, `weights`). `default` undefined means the param is optional. */
export interface ListParam extends ParamBase {
  readonly kind: 'list';
  readonly default: readonly number[] | undefined;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A list of numbers, a list of rows or a list of planes (a custom kernel). */
export interface MatrixParam extends ParamBase {
  readonly kind: 'matrix';
  readonly default: readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];
  readonly maxCells?: number;
}

export type ParamDefinition =
  | NumberParam
  | EnumParam
  | BooleanParam
  | StringParam
  | PathParam
  | ListParam
  | MatrixParam;

export type ResolvedParams = Readonly<Record<string, ParamValue>>;

/**
 * The value one param holds once `resolveParams` filled it in, derived from its declaration (as
 * tldraw derives a shape's props from its validators): an enum holds one of its options.
 */
export type ParamValueOf<Param extends ParamDefinition> = Param extends NumberParam
  ? number
  : Param extends EnumParam
    ? Param['options'][number]
    : Param extends BooleanParam
      ? boolean
      : Param extends StringParam | PathParam
        ? string
        : Param extends ListParam
          ? number[]
          : Param extends MatrixParam
            ? number[] | number[][] | number[][][]
            : never;

/** A list param whose default is undefined: `resolveParams` leaves it out until the user sets it. */
type OptionalParam = ListParam & { readonly default: undefined };

/**
 * The object `compute` receives for a `params` declaration: one property per param, typed by its
 * kind, so `params.sigma` is a number and `params.sigam` does not compile. The untyped
 * declaration (a definition seen through the registry) gives the untyped record.
 */
export type ParamsOf<Params extends readonly ParamDefinition[]> = readonly ParamDefinition[] extends Params
  ? ResolvedParams
  : {
      readonly [Param in Params[number] as Param extends OptionalParam ? never : Param['name']]: ParamValueOf<Param>;
    } & {
      readonly [Param in Params[number] as Param extends OptionalParam ? Param['name'] : never]?: ParamValueOf<Param>;
    };
export type NodeInputs = Readonly<Record<string, Value | undefined>>;

/** Raised by `ComputeContext.progress` and `checkCancelled` when a newer run supersedes this one. */
export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}

/**
 * The sentence a file-reading node's doc ends with. A host where it is not true (the web build,
 * where a path names a file the user picked) shows its own sentence instead (Inspector.tsx).
 */
export const RELATIVE_PATH_DOC = 'A relative path is read from the graph file\'s folder.';

/** What the engine lends a compute function. */
export interface ComputeContext {
  /** Reports progress in [0, 1] from long loops; throws `RunCancelled` once superseded. */
  progress(fraction: number): void;
  /** Throws `RunCancelled` once superseded. */
  checkCancelled(): void;
  /**
   * Refuses an allocation over the memory limit: call before allocating a large output.
   * Throws a `ResourceLimitError` whose message names the size and the limit.
   */
  reserve(bytes: number, what: string): void;
  /** Reads a file named by a path param, resolved against the graph file's folder. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Reads a model Convolab ships (op.unet3d's default weights) from the app's models/ folder by
   * file name; absent where the host ships none.
   */
  readModel?(name: string): Promise<Uint8Array>;
  /** Writes a file named by a path param (`sink.file`); absent where writing is not allowed. */
  writeFile?(path: string, bytes: Uint8Array): Promise<void>;
  /** Threads for large 2-D work (row bands); absent where the host lends none. */
  readonly parallel?: ParallelDsp;
}

/** The arguments of a probe call: a flat record the protocol checks, each probe checks its own. */
export type ProbeArgs = Readonly<Record<string, number | string | boolean>>;

/**
 * A probe in two steps: `prepare` does the costly part once per (node, inputs, params) and its
 * state is kept (one at a time, reserved in the run's budget) while `answer` picks what a view
 * asks for from it. Either returns a string: the one line that refuses.
 */
export interface NodeProbe {
  prepare(inputs: NodeInputs, params: ResolvedParams, context: ComputeContext): Promise<object | string>;
  answer(state: object, args: ProbeArgs): unknown;
}

export class ResourceLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceLimitError';
  }
}

export type NodeResult =
  | {
      readonly ok: true;
      readonly outputs: Readonly<Record<string, Value>>;
      /** What a sink received: shown, and written by `convolab run`. */
      readonly sink?: Value;
      /** A short note for the node's status line (e.g. max |imag| after an IFFT). */
      readonly info?: string;
      /**
       * The note is a warning: the value is computed, but likely not what was meant (a step that
       * raised the residual, an index past the end). The editor draws it as one, and `convolab
       * run` prints it, since run.json carries no notes.
       */
      readonly warning?: boolean;
    }
  | { readonly ok: false; readonly error: string; readonly cause?: ErrorCause };

/**
 * Why a node failed, as data, so the editor can offer the fix as one click (graph/fixes.ts)
 * without reading the message's words.
 */
export type ErrorCause =
  /** Inputs a and b differ in size (e.g. spectra of FFTs of different n). */
  | { readonly kind: 'size-mismatch' }
  /** Inputs a and b carry different sample rates. */
  | { readonly kind: 'rate-mismatch'; readonly rates: readonly [number, number] }
  /** An input takes one channel, but the image on it has more. */
  | { readonly kind: 'channels'; readonly port: string; readonly channels: number }
  /**
   * The node's own params cannot work with what it was given (a Pad shorter than the signal):
   * each choice is a set of param values that would, offered as one fix each.
   */
  | { readonly kind: 'params'; readonly choices: readonly Readonly<Record<string, ParamValue>>[] };

/**
 * A node type. `Params` is the declaration's own tuple (inferred by `defineNode`), from which
 * compute's params object is typed; the registry sees every definition with the default, untyped.
 */
export interface NodeDefinition<Params extends readonly ParamDefinition[] = readonly ParamDefinition[]> {
  /** The type id, part of the file format: never rename. */
  readonly type: string;
  readonly title: string;
  readonly category: NodeCategory;
  /**
   * What people call the node when they look for it (blur, low-pass, edge, spectrum, …): search
   * in the palette and quick add finds a node by these as well as by its title, ranked below it.
   */
  readonly tags?: readonly string[];
  /** Two or three sentences: what it computes, the formula, when to use it. */
  readonly doc: string;
  readonly inputs: readonly PortDefinition[];
  readonly outputs: readonly OutputPortDefinition[];
  /**
   * The node type that does this node's job for a data type its inputs do not take (op.fft: an
   * image → op.fft2d): a wire of that type refused at this node names it (graph/type-hints.ts).
   */
  readonly instead?: Readonly<Partial<Record<DataType, string>>>;
  readonly params: Params;
  /**
   * How the editor shows the node's value and what it offers beside it, declared here so the
   * renderer draws any node from its definition and never tests its type id. Each option is a
   * function of the node's typed params: a sink turns its own params into the display it asks
   * for.
   */
  readonly display?: {
    /**
     * Inputs whose signals are drawn together on one axis, in this order: the first is what the
     * node shows as its own value, the others are laid over it. The large preview fetches each
     * from the node that feeds it.
     */
    readonly overlayInputs?: readonly string[];
    /** The plot this node's params ask for; without it, lines against index. */
    plot?(params: ParamsOf<Params>): PlotDisplay;
    /** The spectrum display this node's params ask for; without it the large preview offers a choice. */
    spectrum?(params: ParamsOf<Params>): SpectrumDisplay;
    /** The image display this node's params ask for; without it, gray over the value range. */
    image?(params: ParamsOf<Params>): ImageDisplay;
    /** Shows a volume on the node's face: three planes with sliders, or projections. */
    volume?(params: ParamsOf<Params>): VolumeDisplay;
    /** Offers a play button for the signal the node received, on the node and in the large preview. */
    play?(params: ParamsOf<Params>): PlayAction;
  };
  /** Cross-param rules (e.g. weights length = faces); returns `{ param: message }` problems. */
  checkParams?(params: ParamsOf<Params>): Readonly<Record<string, string>> | undefined;
  /**
   * What a teaching view may ask of the node beyond its outputs (the U-Net's feature maps), by
   * name: the host answers `probeNode` from the inputs and params of the node's last good run.
   */
  readonly probes?: Readonly<Record<string, NodeProbe>>;
  compute(inputs: NodeInputs, params: ParamsOf<Params>, context: ComputeContext): NodeResult | Promise<NodeResult>;
}

/**
 * Declares a node type. The params tuple is inferred as written (a const type parameter, so no
 * `as const` is needed), which types the params that `compute`, `checkParams` and `display`
 * receive. The definition comes back untyped, as the registry and the engine see every node:
 * they hand it `resolveParams`' record, which `checkParams` (graph/params.ts) has checked against
 * this very declaration, so it holds what the typed view promises.
 */
export function defineNode<const Params extends readonly ParamDefinition[]>(definition: NodeDefinition<Params>): NodeDefinition {
  return definition as unknown as NodeDefinition;
}

export function ok(outputs: Record<string, Value>, extra: { sink?: Value; info?: string; warning?: boolean } = {}): NodeResult {
  return { ok: true, outputs, ...extra };
}

/**
 * How a node whose file param is still empty says so (a file source's, a File sink's): nothing is
 * wrong with it yet, and the editor draws it as waiting for the file, as it draws a node waiting
 * for a wire, not as failed (src-renderer/store/nodeStatus.ts reads this prefix).
 */
export const NO_FILE_CHOSEN = 'no file chosen';

export function fail(error: string, extra: { cause?: ErrorCause } = {}): NodeResult {
  return { ok: false, error, ...(extra.cause !== undefined ? { cause: extra.cause } : {}) };
}

/** What a definition may declare about its display (see `NodeDefinition.display`), untyped. */
export type NodeDisplay = NonNullable<NodeDefinition['display']>;

/** The params of a node with every missing one set to its default. */
export function resolveParams(
  definition: NodeDefinition,
  params: Readonly<Record<string, ParamValue>> | undefined,
): ResolvedParams {
  const resolved: Record<string, ParamValue> = Object.create(null) as Record<string, ParamValue>;
  for (const param of definition.params) {
    const given = params !== undefined && Object.hasOwn(params, param.name) ? params[param.name] : undefined;
    const value = given ?? param.default;
    if (value !== undefined) resolved[param.name] = value as ParamValue;
  }
  return resolved;
}

// For definitions not yet converted to typed params (`params.size`): kept until every node reads
// its params as properties.
type UntypedParams = Readonly<Record<string, unknown>>;

/** Reads a number param that `resolveParams` filled in. */
export function numberParam(params: UntypedParams, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new Error(`param ${name} is not a number`);
  return value;
}

export function stringParam(params: UntypedParams, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`param ${name} is not a string`);
  return value;
}

export function booleanParam(params: UntypedParams, name: string): boolean {
  const value = params[name];
  if (typeof value !== 'boolean') throw new Error(`param ${name} is not a boolean`);
  return value;
}
