/**
 * The value a node without inputs will produce, computed now from its params (a kernel's taps, a
 * typed-in sequence): what the editor can know about a wire before any run. Used where an edit
 * must be decided from the document alone (rewrites.ts); anything that reads a file, fails, or
 * would take more than a little memory is "not known until it runs".
 */
import type { Value } from '../data';
import { resolveParams, type ComputeContext } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';
import type { GraphDocument } from './document';
import { adaptParams } from './infer';
import { checkParams } from './params';

/** Above this a value is left to the run: the menu that asks must stay instant. */
const STATIC_BYTES = 8 * 1024 * 1024;

class TooLarge extends Error {}

/** A context that lends no files and refuses large allocations: enough for kernels and sequences. */
const STATIC_CONTEXT: ComputeContext = {
  progress() {},
  checkCancelled() {},
  reserve(bytes: number) {
    if (bytes > STATIC_BYTES) throw new TooLarge();
  },
  readFile: () => Promise.reject(new Error('files are read when the graph runs')),
};

/**
 * The value on output `port` of node `id`, when the node has no inputs, reads no file and
 * computes at once from its params (kernels take the dims they adapt to, as the engine runs
 * them); otherwise undefined.
 */
export function staticValue(document: GraphDocument, id: string, port: string): Value | undefined {
  const node = document.nodes.find((n) => n.id === id);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!node || !definition || definition.inputs.length > 0) return undefined;
  if (definition.params.some((param) => param.kind === 'path')) return undefined;
  if (checkParams(definition, node.params).length > 0) return undefined;
  const adaptation = adaptParams(document, getNodeDefinition).get(id);
  if (adaptation && 'error' in adaptation) return undefined;
  const params = resolveParams(definition, adaptation ? { ...node.params, ...adaptation.params } : node.params);
  try {
    const result = definition.compute({}, params, STATIC_CONTEXT);
    if (result instanceof Promise) {
      // Asynchronous means it waits for something outside the document: leave it to the run.
      result.catch(() => undefined);
      return undefined;
    }
    return result.ok ? result.outputs[port] : undefined;
  } catch {
    // Too large for now (TooLarge), or a fault the run will report on the node itself.
    return undefined;
  }
}
