/**
 * Param checking against a node definition: unknown names, wrong types, out-of-range values.
 * Used by the file validator (with `nodes[i].params.` in front of each place) and by the engine.
 */
import type { NodeDefinition, ParamDefinition } from '../nodes/define';
import type { ParamValue } from './document';

export interface ParamProblem {
  /** The param's name. */
  readonly param: string;
  /** What is wrong and what is expected, e.g. `must be > 0 (got -1)`. */
  readonly message: string;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The first entry that is not a finite number, or -1. A plain loop: the engine checks every
 * node's params at every run, and a sequence may hold a million values.
 */
function firstNotFinite(values: readonly unknown[]): number {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) return i;
  }
  return -1;
}

/** The message for one param value, or undefined when it is fine. */
/** A range limit as messages print it: 1e-6 rather than 0.000001. */
function bound(limit: number): string {
  const size = Math.abs(limit);
  return size !== 0 && size < 1e-3 ? limit.toExponential() : String(limit);
}

export function checkParamValue(definition: ParamDefinition, value: unknown): string | undefined {
  switch (definition.kind) {
    case 'number': {
      if (!isFiniteNumber(value)) return `must be a number (got ${describe(value)})`;
      if (definition.integer && !Number.isInteger(value)) return `must be a whole number (got ${value})`;
      if (definition.min !== undefined) {
        if (definition.exclusiveMin ? value <= definition.min : value < definition.min) {
          return `must be ${definition.exclusiveMin ? '>' : '>='} ${bound(definition.min)} (got ${value})`;
        }
      }
      if (definition.max !== undefined && value > definition.max) return `must be <= ${bound(definition.max)} (got ${value})`;
      return definition.check?.(value);
    }
    case 'enum':
      return definition.options.includes(value as string | number)
        ? undefined
        : `must be one of ${definition.options.join(', ')} (got ${describe(value)})`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false (got ${describe(value)})`;
    case 'string':
    case 'path': {
      if (typeof value !== 'string') return `must be text (got ${describe(value)})`;
      const limit = definition.kind === 'string' ? (definition.maxLength ?? 10_000) : 4096;
      return value.length > limit ? `must be at most ${limit} characters (got ${value.length})` : undefined;
    }
    case 'list': {
      if (!Array.isArray(value)) return `must be a list of numbers (got ${describe(value)})`;
      const index = firstNotFinite(value);
      if (index >= 0) return `[${index}] must be a number (got ${describe(value[index])})`;
      if (definition.minLength !== undefined && value.length < definition.minLength) {
        return `must hold at least ${definition.minLength} number${definition.minLength === 1 ? '' : 's'} (got ${value.length})`;
      }
      if (definition.maxLength !== undefined && value.length > definition.maxLength) {
        return `must hold at most ${definition.maxLength} numbers (got ${value.length})`;
      }
      return undefined;
    }
    case 'matrix': {
      if (!Array.isArray(value) || value.length === 0) return `must be a list of numbers, a list of rows or a list of planes (got ${describe(value)})`;
      const limit = definition.maxCells ?? 1_000_000;
      if (firstNotFinite(value) < 0) {
        return value.length > limit ? `must hold at most ${limit} numbers (got ${value.length})` : undefined;
      }
      if (!value.every((row) => Array.isArray(row))) return 'must be a list of numbers or a list of rows, not a mix';
      if (value.some((row) => (row as unknown[]).some((entry) => Array.isArray(entry)))) return checkPlanes(value as unknown[][], limit);
      const width = (value[0] as unknown[]).length;
      for (let r = 0; r < value.length; r++) {
        const row = value[r] as unknown[];
        if (row.length !== width) return `[${r}] has ${row.length} numbers but row 0 has ${width}: rows must be equally long`;
        const c = firstNotFinite(row);
        if (c >= 0) return `[${r}][${c}] must be a number (got ${describe(row[c])})`;
      }
      if (width === 0) return 'rows must not be empty';
      return value.length * width > limit ? `must hold at most ${limit} numbers (got ${value.length * width})` : undefined;
    }
  }
}

/** A list of planes (a 3-D kernel): every plane a list of rows of one width, every plane of one height. */
function checkPlanes(planes: unknown[][], limit: number): string | undefined {
  const first = planes[0]!;
  const height = first.length, width = Array.isArray(first[0]) ? (first[0] as unknown[]).length : 0;
  if (height === 0 || width === 0) return 'planes must not be empty';
  for (let p = 0; p < planes.length; p++) {
    const plane = planes[p]!;
    if (plane.length !== height) return `[${p}] has ${plane.length} rows but plane 0 has ${height}: planes must be of one size`;
    for (let r = 0; r < height; r++) {
      const row = plane[r];
      if (!Array.isArray(row)) return `[${p}][${r}] must be a row (a list of numbers), not ${describe(row)}`;
      if (row.length !== width) return `[${p}][${r}] has ${row.length} numbers but row 0 has ${width}: rows must be equally long`;
      const c = firstNotFinite(row);
      if (c >= 0) return `[${p}][${r}][${c}] must be a number (got ${describe(row[c])})`;
    }
  }
  const cells = planes.length * height * width;
  return cells > limit ? `must hold at most ${limit} numbers (got ${cells})` : undefined;
}

/** Every problem with a node's params: unknown names, wrong types, ranges, cross-param rules. */
export function checkParams(
  definition: NodeDefinition,
  params: Readonly<Record<string, unknown>> | undefined,
): ParamProblem[] {
  const problems: ParamProblem[] = [];
  if (params === undefined) return problems;
  const known = new Map(definition.params.map((param) => [param.name, param]));
  for (const name of Object.keys(params)) {
    const param = known.get(name);
    if (param === undefined) {
      const names = definition.params.map((p) => p.name);
      problems.push({
        param: name,
        message: `unknown param for ${definition.type}` + (names.length ? ` (it has ${names.join(', ')})` : ' (it has none)'),
      });
      continue;
    }
    const message = checkParamValue(param, params[name]);
    if (message !== undefined) problems.push({ param: name, message });
  }
  if (problems.length === 0 && definition.checkParams) {
    const resolved: Record<string, ParamValue> = {};
    for (const param of definition.params) {
      const value = Object.hasOwn(params, param.name) ? params[param.name] : param.default;
      if (value !== undefined) resolved[param.name] = value as ParamValue;
    }
    const extra = definition.checkParams(resolved);
    if (extra) for (const [param, message] of Object.entries(extra)) problems.push({ param, message });
  }
  return problems;
}
