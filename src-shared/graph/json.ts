/**
 * JSON reading for files from strangers (FORMAT.md: "a bad file never crashes the program").
 *
 * - The size and the nesting depth are checked by one linear scan before `JSON.parse` runs, so a
 *   file nested 100 000 levels deep is refused in milliseconds instead of exhausting the stack
 *   of whatever walks the result later.
 * - A syntax error is located by a small validator of our own, because engines word and place
 *   their `JSON.parse` errors differently (V8 often gives no position at all).
 * - The parsed value is copied into fresh objects that never hold the keys `__proto__`,
 *   `constructor` or `prototype` (each dropped key becomes a warning naming its place), so no
 *   later `Object.assign`, spread or deep merge can reach a prototype through a file.
 * - JSON cannot say NaN or Infinity, but `1e999` parses to Infinity: every number that is not
 *   finite is reported at its place.
 * - A key written twice in one object is refused at its place: `JSON.parse` keeps the last one
 *   silently, other readers the first, so the file would say two things.
 */
import { formatPlace, type PathSegment } from './place';
import { printableJson } from './printable';

export interface JsonLimits {
  /** Characters of text (UTF-16 code units; about bytes for JSON). */
  readonly maxLength: number;
  /** Arrays and objects nested inside one another. */
  readonly maxDepth: number;
  /**
   * Keys of one object. A graph file's objects hold a handful (a node's params, a position);
   * a million keys would only cost time, a message each, before the file is refused anyway.
   */
  readonly maxKeys: number;
}

/** The longest graph text Convolab reads or carries across a process boundary (protocol.ts). */
export const MAX_DOCUMENT_CHARS = 50 * 1024 * 1024;

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxLength: MAX_DOCUMENT_CHARS, maxDepth: 64, maxKeys: 10_000 };

/** Keys that would reach an object's prototype if a later merge copied them. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonResult =
  | { readonly ok: true; readonly value: JsonValue; readonly warnings: string[]; readonly errors: string[] }
  | { readonly ok: false; readonly error: string };

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${end - lineStart + 1}`;
}

function formatSize(characters: number): string {
  return `${(characters / (1024 * 1024)).toFixed(1)} MB`;
}

/** Parses JSON text from an untrusted source; never throws. */
export function parseJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonResult {
  if (typeof text !== 'string') return { ok: false, error: 'file: not text' };
  if (text.length > limits.maxLength) {
    return {
      ok: false,
      error: `file: ${formatSize(text.length)} is over the ${formatSize(limits.maxLength)} limit for a graph file`,
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, error: 'line 1, column 1: the file is empty' };

  const { problem: structure, duplicate } = scanStructure(body, limits.maxDepth, limits.maxKeys ?? DEFAULT_JSON_LIMITS.maxKeys);
  if (structure !== undefined) return { ok: false, error: `${lineAndColumn(body, structure.position)}: ${structure.message}` };

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const problem = findSyntaxError(body);
    return {
      ok: false,
      error: problem
        ? `${lineAndColumn(body, problem.position)}: ${problem.message}`
        : 'file: not valid JSON',
    };
  }
  // Said once the text is known to be JSON: a syntax error comes first.
  if (duplicate !== undefined) return { ok: false, error: `${lineAndColumn(body, duplicate.position)}: ${duplicate.message}` };
  const warnings: string[] = [];
  const errors: string[] = [];
  const value = safeCopy(parsed, [], warnings, errors);
  return { ok: true, value, warnings, errors };
}

/**
 * One scan that skips strings, before `JSON.parse` spends seconds on a million keys or exhausts
 * the stack of whatever walks 100 000 levels: `problem`, the first bracket that opens level
 * `maxDepth + 1` or the first object with more than `maxKeys` keys; and `duplicate`, the first key
 * an object holds twice. `JSON.parse` keeps the last of those and says nothing, other readers keep
 * the first or refuse: a file whose `nodes` or `path` is written twice would run as something else
 * than what a reader of the text (or another program) takes it for. (A key is the string a `:`
 * follows; each open object keeps its keys until it closes. One scan for both: a second pass over
 * a million-number file cost a quarter of its parse.)
 */
function scanStructure(text: string, maxDepth: number, maxKeys: number): { problem?: SyntaxProblem; duplicate?: SyntaxProblem } {
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let stringEnd = -1;
  let duplicate: SyntaxProblem | undefined;
  // Per open level: where it opened, its keys so far (-1 for an array) and their names.
  const opened = new Array<number>(maxDepth + 1).fill(0);
  const keys = new Array<number>(maxDepth + 1).fill(-1);
  const names: (Set<string> | undefined)[] = new Array<Set<string> | undefined>(maxDepth + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) {
        inString = false;
        stringEnd = i;
      }
    } else if (c === 34) {
      inString = true;
      stringStart = i;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return { problem: { position: i, message: `nested deeper than ${maxDepth} levels (a graph file needs far fewer)` } };
      opened[depth] = i;
      keys[depth] = c === 123 ? 0 : -1;
      names[depth] = undefined;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth = Math.max(0, depth - 1);
    else if (c === 58 /* : */ && depth > 0 && keys[depth]! >= 0) {
      if (++keys[depth]! > maxKeys) return { problem: { position: opened[depth]!, message: `an object with more than ${maxKeys} keys (a graph file needs far fewer)` } };
      if (duplicate === undefined && stringStart >= 0) {
        const key = keyText(text, stringStart, stringEnd);
        const seen = (names[depth] ??= new Set());
        if (key !== undefined && seen.has(key)) {
          const shown = printableJson(JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key));
          duplicate = { position: stringStart, message: `the key ${shown} is written twice in one object (JSON readers disagree on which one counts): keep one` };
        } else if (key !== undefined) seen.add(key);
      }
    }
  }
  return duplicate !== undefined ? { duplicate } : {};
}

/** The string whose quotes are at `start` and `end`, unescaped; undefined when it is no valid JSON string (the parse says why). */
function keyText(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

const MAX_ERRORS_FROM_COPY = 50;

function safeCopy(value: unknown, path: PathSegment[], warnings: string[], errors: string[]): JsonValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) && errors.length < MAX_ERRORS_FROM_COPY) {
      errors.push(`${formatPlace(path)}: number too large (JSON reads it as ${value})`);
    }
    return value;
  }
  if (value === null || typeof value !== 'object') return value as JsonValue;
  if (Array.isArray(value)) {
    const copy: JsonValue[] = new Array<JsonValue>(value.length);
    // Number lists are most of a big file: copy them without building a path per entry.
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      if (typeof entry === 'number' && Number.isFinite(entry)) copy[i] = entry;
      else {
        path.push(i);
        copy[i] = safeCopy(entry, path, warnings, errors);
        path.pop();
      }
    }
    return copy;
  }
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    path.push(key);
    // Plain assignment is safe once the reserved names are out: no other key has a setter.
    if (FORBIDDEN_KEYS.has(key)) warnings.push(`${formatPlace(path)}: ignored (a reserved name, never read from a file)`);
    else copy[key] = safeCopy((value as Record<string, unknown>)[key], path, warnings, errors);
    path.pop();
  }
  return copy;
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

interface SyntaxProblem {
  readonly position: number;
  readonly message: string;
}

/** A character as a message names it, keeping the message on one line. */
function showCharacter(c: string): string {
  if (c === '\n') return 'a line break';
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(c)) return `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}

/**
 * A JSON validator (RFC 8259) that reports where the first syntax error is. Only runs after
 * `JSON.parse` failed; the depth was already bounded by `findTooDeep`, so recursion is safe.
 */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw { position: at, message } satisfies SyntaxProblem;
  };
  const describeHere = (): string => {
    if (i >= text.length) return 'the end of the file';
    return showCharacter(text[i]!);
  };
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const string = (): void => {
    const open = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a text value never ends (missing ")', open);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail(c === 10 ? 'a line break inside a text value (write \\n)' : 'a control character inside a text value');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === undefined) fail('the file ends inside a text value (missing ")');
        else fail(`unknown escape: \\ before ${showCharacter(e)} (write \\\\ for a backslash)`);
      } else i++;
    }
  };
  const number = (): void => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) fail(`expected a value but found ${describeHere()}`);
    i += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    if (i >= text.length) fail('the file ends where a value should be');
    const c = text[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (/^(NaN|-?Infinity|undefined)/.test(text.slice(i, i + 10))) fail('JSON has no NaN, Infinity or undefined: write a number');
    if (c === "'") fail("text must be in double quotes (\"), not single quotes (')");
    fail(`expected a value but found ${describeHere()}`);
  };
  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === ']') fail('a comma before ] (JSON allows no trailing comma)');
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`expected , or ] but found ${describeHere()}`);
    }
  };
  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a key in double quotes but found ${describeHere()}`);
      string();
      skipSpace();
      if (text[i] !== ':') fail(`expected : after the key but found ${describeHere()}`);
      i++;
      value();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === '}') fail('a comma before } (JSON allows no trailing comma)');
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`expected , or } but found ${describeHere()}`);
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`more text after the end of the JSON value: ${describeHere()}`);
    return undefined;
  } catch (problem) {
    if (typeof problem === 'object' && problem !== null && 'position' in problem) return problem as SyntaxProblem;
    throw problem;
  }
}
