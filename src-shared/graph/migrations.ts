/**
 * File format migrations, numbered like tldraw's: `migrations[n]` upgrades a version-n document
 * to version n + 1, and loading runs every step from the file's version up to `GRAPH_VERSION`
 * in order. Each step comes with a test of that one step (test/graph/migrations.test.ts).
 *
 * A step receives plain JSON (already stripped of reserved keys) and returns plain JSON; it must
 * not run anything from the file. A step that throws makes the load fail with its message.
 */
import type { JsonValue } from './json';

export type JsonObject = { [key: string]: JsonValue };
export type Migration = (document: JsonObject) => JsonObject;
export type MigrationChain = Readonly<Record<number, Migration>>;

/** The kernels whose `dims` became `auto` by default in version 2 (NODES.md, "Kernels adapt to what they meet"). */
export const ADAPTING_KERNELS: readonly string[] = ['kernel.gaussian', 'kernel.box', 'kernel.identity', 'kernel.custom'];

/**
 * 1 → 2: a kernel that omitted `dims` was 2-D; now it would adapt, so write `dims: 2` to keep
 * the file's meaning. Anything that is not a node object with an object of params (or none) is
 * left for the checks after migration to report.
 */
function kernelsKeepTwoDimensions(document: JsonObject): JsonObject {
  if (!Array.isArray(document.nodes)) return document;
  const nodes = document.nodes.map((node) => {
    if (!isObject(node) || typeof node.type !== 'string' || !ADAPTING_KERNELS.includes(node.type)) return node;
    if (node.params === undefined) return { ...node, params: { dims: 2 } };
    if (!isObject(node.params) || Object.hasOwn(node.params, 'dims')) return node;
    return { ...node, params: { dims: 2, ...node.params } };
  });
  return { ...document, nodes };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * 2 → 3: nothing to change. Version 3 adds blocks (docs/blocks.md) and changes no meaning, so a
 * version-2 file opens as it is; the step exists so that every version has one.
 */
function blocksAddNothing(document: JsonObject): JsonObject {
  return document;
}

export const migrations: MigrationChain = { 1: kernelsKeepTwoDimensions, 2: blocksAddNothing };

export type MigrationResult = { readonly ok: true; readonly document: JsonObject } | { readonly ok: false; readonly error: string };

/** Upgrades `document` from version `from` to version `to` through `chain`; never throws. */
export function migrate(document: JsonObject, from: number, to: number, chain: MigrationChain = migrations): MigrationResult {
  let current = document;
  for (let version = from; version < to; version++) {
    const step = Object.hasOwn(chain, version) ? chain[version] : undefined;
    if (step === undefined) return { ok: false, error: `version ${from}: this Convolab cannot upgrade it (no step from ${version} to ${version + 1})` };
    try {
      current = step(current);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `version ${from}: upgrading from ${version} to ${version + 1} failed: ${message}` };
    }
    current = { ...current, version: version + 1 };
  }
  return { ok: true, document: current };
}
