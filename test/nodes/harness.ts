/** Runs one node type's definition the way the engine does: params checked, defaults filled in. */
import type { Image, Signal, Value } from '../../src-shared/data';
import { makeImage, makeSignal } from '../../src-shared/data';
import { checkInputs } from '../../src-shared/engine/engine';
import type { ParamValue } from '../../src-shared/graph/document';
import { checkParams } from '../../src-shared/graph/params';
import { type ComputeContext, ResourceLimitError, resolveParams } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import reference from '../fixtures/nodes/reference.json';

export { reference };

export const testContext: ComputeContext = {
  progress: () => undefined,
  checkCancelled: () => undefined,
  reserve: (bytes, what) => {
    if (!(bytes <= 1024 ** 3)) throw new ResourceLimitError(`${what} would need too much`);
  },
  readFile: () => Promise.reject(new Error('no files in this test')),
};

export type Outcome = { ok: true; out: Value; sink?: Value; info?: string; warning?: boolean } | { ok: false; error: string };

/** Computes a node; a param or input problem comes back as `{ ok: false, error }` like in the engine. */
export async function runNode(
  type: string,
  inputs: Record<string, Value | undefined> = {},
  params: Record<string, ParamValue> = {},
  context: ComputeContext = testContext,
): Promise<Outcome> {
  const definition = getNodeDefinition(type);
  if (!definition) throw new Error(`no node type ${type}`);
  const problems = checkParams(definition, params);
  if (problems.length > 0) return { ok: false, error: problems.map((p) => `params.${p.param}: ${p.message}`).join('; ') };
  const inputProblem = checkInputs(definition, inputs);
  if (inputProblem) return { ok: false, error: inputProblem };
  try {
    const result = await definition.compute(inputs, resolveParams(definition, params), context);
    if (!result.ok) return result;
    const out = result.outputs.out ?? result.sink;
    return { ok: true, out: out, ...(result.sink ? { sink: result.sink } : {}), ...(result.info ? { info: result.info } : {}), ...(result.warning ? { warning: true } : {}) };
  } catch (error) {
    if (error instanceof ResourceLimitError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function value(type: string, inputs: Record<string, Value | undefined> = {}, params: Record<string, ParamValue> = {}): Promise<Value> {
  const outcome = await runNode(type, inputs, params);
  if (!outcome.ok) throw new Error(`${type} failed: ${outcome.error}`);
  return outcome.out;
}

export async function errorOf(type: string, inputs: Record<string, Value | undefined> = {}, params: Record<string, ParamValue> = {}): Promise<string> {
  const outcome = await runNode(type, inputs, params);
  if (outcome.ok) throw new Error(`${type} succeeded but should have failed`);
  return outcome.error;
}

export function sig(values: number[], start = 0, rate = 1): Signal {
  return makeSignal(Float64Array.from(values), start, rate);
}

export function img(values: number[], width: number, height: number, options: { channels?: number; origin?: { x: number; y: number } } = {}): Image {
  return makeImage(Float32Array.from(values), width, height, options);
}

/** Largest |x − y| over two equally long arrays (fails the test when lengths differ). */
export function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`lengths differ: ${x.length} and ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return Number.isNaN(m) ? Infinity : m;
}
