/**
 * What to do instead, for a wire refused because its type does not fit: the words after the
 * reason (`plot.in takes a signal, but fft.out gives a spectrum: for a spectrum use Spectrum plot
 * (sink.spectrum)`). A learner who drew the wire meant something by it; the reason says what is
 * wrong, the hint names the node that does what was meant. From, in this order: a kernel that
 * cannot take the shape asked for (a Laplacian is 2-D only; a Custom kernel typed as rows is
 * 2-D), the target's own `instead` (op.fft given an image: op.fft2d), then what any such input
 * can do with a volume or a spectrum (a plane of it, its magnitude).
 */
import type { DataType } from '../data';
import type { NodeDefinition } from '../nodes/define';
import type { GraphNode } from './document';
import type { DefinitionLookup } from './infer';
import { article, listWords } from './place';

/** How a definition is named in a hint: its title and, for the palette's search, its type id. */
function named(lookup: DefinitionLookup, type: string): string | undefined {
  const definition = lookup(type);
  return definition ? `${definition.title} (${type})` : undefined;
}

/** The kernels whose output adapts to what it meets (dims auto), by title. */
function adaptingKernels(kernels: readonly NodeDefinition[]): string {
  return listWords(kernels.filter((definition) => definition.outputs.some((port) => port.adapts)).map((definition) => definition.title.replace(/ kernel$/, '')));
}

const VALUES_SHAPE: Readonly<Partial<Record<DataType, string>>> = { signal: 'one list, e.g. [1, 2, 1]', image: 'a list of rows', volume: 'a list of planes' };
const DIMENSIONS: Readonly<Partial<Record<DataType, string>>> = { signal: '1-D', image: '2-D', volume: '3-D' };

/**
 * The hint for a kernel node that gives `given` where `wanted` is asked: one that never adapts
 * names those that do; an adapting one whose values fix its shape (rows, planes) says how to
 * type them. Undefined when the source is no kernel, or the fix is a param (dims) the editor
 * offers as a one-click fix.
 */
function kernelHint(source: GraphNode, definition: NodeDefinition, given: DataType, wanted: readonly DataType[], kernels: readonly NodeDefinition[]): string | undefined {
  if (definition.category !== 'kernel') return undefined;
  const want = wanted.find((type) => DIMENSIONS[type] !== undefined);
  if (want === undefined) return undefined;
  const adapts = definition.outputs.some((port) => port.adapts);
  if (!adapts) {
    const adapting = adaptingKernels(kernels);
    return adapting === '' ? undefined : `the ${definition.title} is ${DIMENSIONS[given] ?? given} only; for ${article(want)} use a kernel that adapts (${adapting})`;
  }
  const dims = source.params?.dims ?? 'auto';
  if (dims !== 'auto' || definition.params.every((param) => param.name !== 'values')) return undefined;
  return `its values are ${given === 'volume' ? 'planes' : 'rows'}, which make it ${DIMENSIONS[given] ?? given}; for ${article(want)} type ${VALUES_SHAPE[want]}`;
}

/** What an input that takes `wanted` can do with `given` when its node says nothing itself. */
function generalHint(given: DataType, wanted: readonly DataType[], lookup: DefinitionLookup): string | undefined {
  if (given === 'volume' && wanted.includes('image')) {
    const slice = named(lookup, 'op.slice');
    return slice && `take one plane of it with ${slice}`;
  }
  if (given === 'spectrum' && wanted.includes('signal')) {
    const [magnitude, inverse] = [named(lookup, 'op.magnitude'), named(lookup, 'op.ifft')];
    return magnitude && inverse && `take its ${magnitude}, or go back with ${inverse}`;
  }
  if (given === 'spectrum2d' && wanted.includes('image')) {
    const [magnitude, inverse] = [named(lookup, 'op.magnitude'), named(lookup, 'op.ifft2d')];
    return magnitude && inverse && `take its ${magnitude}, or go back with ${inverse}`;
  }
  return undefined;
}

/**
 * The words to add after a type refusal (with their leading `: `), or '' when there is nothing
 * better to say. `given` is the type the source gives, `wanted` what the input takes (or, for a
 * generic input, the type its other input already carries).
 */
export function typeHint(
  options: {
    readonly source: GraphNode;
    readonly sourceDefinition: NodeDefinition | undefined;
    readonly targetDefinition: NodeDefinition | undefined;
    readonly given: readonly DataType[];
    readonly wanted: readonly DataType[];
    readonly kernels: readonly NodeDefinition[];
  },
  lookup: DefinitionLookup,
): string {
  const { source, sourceDefinition, targetDefinition, wanted, kernels } = options;
  // Only a type the source surely gives is worth a hint: an undecided output could be anything.
  if (options.given.length !== 1) return '';
  const given = options.given[0]!;
  const hint =
    (sourceDefinition && kernelHint(source, sourceDefinition, given, wanted, kernels)) ??
    (targetDefinition?.instead?.[given] !== undefined ? insteadHint(given, targetDefinition.instead[given], lookup) : undefined) ??
    generalHint(given, wanted, lookup);
  return hint ? `: ${hint}` : '';
}

function insteadHint(given: DataType, type: string, lookup: DefinitionLookup): string | undefined {
  const other = named(lookup, type);
  return other && `for ${article(given)} use ${other}`;
}
