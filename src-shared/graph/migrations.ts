/**
 * File format migrations, numbered like tldraw's: `migrations[n]` upgrades a version-n document
 * to version n + 1, and loading runs every step from the file's version up to `GRAPH_VERSION`
 * in order. Version 1 is the first format, so the chain is empty; the next format change adds
 * `1: (document) => …` here together with a test of that one step.
 *
 * A step receives plain JSON (already stripped of reserved keys) and returns plain JSON; it must
 * not run anything from the file. A step that throws makes the load fail with its message.
 */
import type { JsonValue } from './json';

export type JsonObject = { [key: string]: JsonValue };
export type Migration = (document: JsonObject) => JsonObject;
export type MigrationChain = Readonly<Record<number, Migration>>;

export const migrations: MigrationChain = {};

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
