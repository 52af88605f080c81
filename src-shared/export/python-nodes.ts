/**
 * One Python function per node type, computing what the node's `compute` does in
 * src-shared/nodes/ with numpy and scipy (NODES.md's conventions: starts, origins, modes,
 * boundaries, seeds, float32 pixels). A function takes the node's inputs in port order
 * (`in` is spelt `in_`) and its params by name. Sinks take no params: theirs only change how
 * the editor shows the value.
 *
 * The functions live in python-sources.ts and python-operations.ts; sinks are here. A node type
 * with no numpy counterpart written here has no entry (NOT_PORTED says why); `unsupported` names the
 * params for which an entry cannot follow Convolab (the script then raises NotImplementedError
 * naming the node).
 */
import { PYTHON_OPERATIONS } from './python-operations';
import { PYTHON_SOURCES } from './python-sources';

export interface PythonNodeFunction {
  /** The function's name in the script (never a node id: ids become other identifiers). */
  readonly name: string;
  readonly source: string;
  /** Helpers of python-helpers.ts it calls. */
  readonly needs: readonly string[];
  /** Why these (resolved) params cannot be exported, or undefined when they can. */
  readonly unsupported?: (params: Readonly<Record<string, unknown>>) => string | undefined;
  /** Params passed as Python code of the export's own making rather than as literals (an expression as a lambda). */
  readonly code?: (params: Readonly<Record<string, unknown>>) => Readonly<Record<string, string>>;
}

/** What a sink hands to `convolab run`: its `in` input, as is. */
function sink(name: string, what: string): PythonNodeFunction {
  const extra = name === 'sink_plot' ? 'in_, in2=None, in3=None' : 'in_';
  return {
    name,
    needs: [],
    source: `def ${name}(${extra}):
    """${what}; convolab run writes its input as it is."""
    return in_`,
  };
}

const VOLUMES = 'volumes and the 3-D CT nodes (cone-beam projection, FDK, the U-Net) are not ported to Python yet';

/** Why a node type has no Python function, where there is more to say than that it has none yet. */
export const NOT_PORTED: Readonly<Record<string, string>> = {
  'source.phantom3d': VOLUMES,
  'source.volume': VOLUMES,
  'op.conebeam': VOLUMES,
  'op.fdk': VOLUMES,
  'op.unet3d': VOLUMES,
  'op.dataConsistency': VOLUMES,
  'op.slice': VOLUMES,
};

export const PYTHON_NODES: Readonly<Record<string, PythonNodeFunction>> = {
  ...PYTHON_SOURCES,
  ...PYTHON_OPERATIONS,
  'sink.plot': sink('sink_plot', 'A plot of in (and in2, in3)'),
  'sink.spectrum': sink('sink_spectrum', 'A spectrum plot'),
  'sink.image': sink('sink_image', 'An image view'),
  'sink.value': sink('sink_value', 'A table of named numbers'),
  'sink.audio': sink('sink_audio', 'An audio player'),
  'sink.file': sink('sink_file', 'A file written on every run in Convolab (this script only checks the value)'),
  'sink.volume': sink('sink_volume', 'A volume view'),
};
