/**
 * Reading a graph file (FORMAT.md). The steps, each stopping at its first kind of trouble:
 * 1. JSON, safely (json.ts): size, nesting depth, syntax errors and keys written twice as
 *    `line L, column C: …`, reserved keys dropped, numbers that overflow to Infinity reported.
 * 2. `format`, then `version`: a newer version is refused (`version 7: made by a newer
 *    Convolab (this one reads 3)`), an older one is migrated step by step (migrations.ts).
 * 3. The structure, with the zod schema of the current version (schema.ts).
 * 4. What needs the node catalog (validate.ts): types, params, handles, edge types, cycles, and
 *    the rules of blocks (docs/blocks.md).
 * 5. Blocks normalised (blocks.ts): every definition under its true content key, instances
 *    re-pointed, definitions nobody names dropped, so a hand-edited key opens fine and the next
 *    save writes true keys. Messages name the keys as the file has them (step 4 comes first).
 *
 * Unknown node types. Node-RED keeps nodes of types it does not know as placeholders, so that
 * re-saving a flow does not lose them; FORMAT.md says `type` must be a known node type. So by
 * default an unknown type is an error (a file from a newer Convolab, or a typo, is refused
 * with its place), and `{ allowUnknownTypes: true }` keeps such nodes with a warning: the editor
 * can then open the file, show placeholders that do not run, and write them back unchanged.
 *
 * Never throws: any failure comes back as `{ ok: false, error, errors }`.
 */
import { withBlocksNormalised } from './blocks';
import { type GraphDocument, GRAPH_FORMAT, GRAPH_VERSION } from './document';
import { DEFAULT_JSON_LIMITS, type JsonLimits, parseJson } from './json';
import { type JsonObject, type MigrationChain, migrate, migrations } from './migrations';
import { describeValue } from './place';
import { describeIssue, graphDocumentSchema } from './schema';
import { checkDocument, type ValidateOptions } from './validate';

export type LoadResult =
  | { readonly ok: true; readonly document: GraphDocument; readonly warnings: string[] }
  | { readonly ok: false; readonly error: string; readonly errors: string[] };

export interface LoadOptions extends ValidateOptions {
  readonly limits?: Partial<JsonLimits>;
  /** For tests of the migration mechanism: another chain and current version. */
  readonly migrations?: MigrationChain;
  readonly currentVersion?: number;
}

/** At most this many problems are listed; the first is `error`. */
export const MAX_LOAD_ERRORS = 50;

function failure(errors: string[]): LoadResult {
  const listed = errors.length > MAX_LOAD_ERRORS ? [...errors.slice(0, MAX_LOAD_ERRORS), `… and ${errors.length - MAX_LOAD_ERRORS} more`] : errors;
  return { ok: false, error: listed[0] ?? 'file: not a Convolab graph', errors: listed };
}

export function loadGraph(text: string, options: LoadOptions = {}): LoadResult {
  try {
    return load(text, options);
  } catch (error) {
    // A bug of ours, not of the file; still never let a file crash the program.
    return failure([`file: could not be read (${error instanceof Error ? error.message : String(error)})`]);
  }
}

function load(text: string, options: LoadOptions): LoadResult {
  const parsed = parseJson(text, { ...DEFAULT_JSON_LIMITS, ...options.limits });
  if (!parsed.ok) return failure([parsed.error]);
  const root = parsed.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return failure([`file: must be a JSON object with "format": "${GRAPH_FORMAT}" (got ${describeValue(root)})`]);
  }
  if (!Object.hasOwn(root, 'format')) return failure([`format: missing: this is not a Convolab graph file`]);
  if (root.format !== GRAPH_FORMAT) {
    return failure([`format: must be "${GRAPH_FORMAT}" (got ${describeValue(root.format)}): this is not a Convolab graph file`]);
  }
  const current = options.currentVersion ?? GRAPH_VERSION;
  const version = root.version;
  if (version === undefined) return failure(['version: missing']);
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return failure([`version: must be a whole number (got ${describeValue(version)})`]);
  }
  if (version > current) return failure([`version ${version}: made by a newer Convolab (this one reads up to ${current}): update Convolab to open it`]);
  if (version < 1) return failure([`version ${version}: not a version of the format (they start at 1)`]);

  let document: JsonObject = root;
  if (version < current) {
    const migrated = migrate(root, version, current, options.migrations ?? migrations);
    if (!migrated.ok) return failure([migrated.error]);
    document = migrated.document;
  }

  const errors = [...parsed.errors];
  const shape = graphDocumentSchema.safeParse(document);
  if (!shape.success) {
    for (const issue of shape.error.issues) errors.push(...describeIssue(issue, document));
  }
  if (errors.length > 0) return failure(errors);

  // The schema checked the shape; the document keeps the file's own objects (key order, meta).
  const graph = document as unknown as GraphDocument;
  const report = checkDocument(graph, options);
  if (report.errors.length > 0) return failure(report.errors);
  return { ok: true, document: withBlocksNormalised(graph), warnings: [...parsed.warnings, ...report.warnings] };
}
