/**
 * What a number, list or matrix field makes of the text typed into it, without a DOM: the whole
 * text becomes the value or it is refused with a reason that says what to type instead, never a
 * prefix of it ("1,5" is not 1). Arithmetic goes through the expression parser of source.function
 * (constants pi and e, + - * / ^, functions such as sqrt), so "2+3" is 5 and "pi/4" is 0.785….
 */
import type { ParamValue } from '../../../src-shared/graph/document';
import { checkParamValue } from '../../../src-shared/graph/params';
import { evaluateArithmetic } from '../../../src-shared/nodes/expression';
import type { NumberParam } from '../../../src-shared/nodes/define';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Why a piece of text is not a number: what is wrong (after the text itself) and, where known, the fix. */
interface Refusal {
  readonly ok: false;
  /** Follows the quoted text: "is not a number (x is unknown)". */
  readonly problem: string;
  readonly fix?: string;
}

const NUMBER_FIX = 'type a number, or arithmetic such as 2+3 or pi/4';
const LIST_FIX = 'type numbers separated by commas, such as 1, 2.5, 2+3';

/** One number from text, or why not (the caller names the text and adds its own fix). */
export function readNumber(text: string): { readonly ok: true; readonly value: number } | Refusal {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'is empty' };
  const comma = /^([+-]?\d+),(\d+)$/.exec(trimmed);
  if (comma) return { ok: false, problem: 'is not a number', fix: `use a dot for decimals (${comma[1]}.${comma[2]})` };
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?$/i.test(trimmed)) return { ok: false, problem: 'is not a complete number', fix: 'write the exponent too (1e3 is 1000)' };
  const result = evaluateArithmetic(trimmed);
  if (!result.ok) {
    if (result.error.startsWith('cannot read it')) return { ok: false, problem: `cannot be read ${result.error.slice('cannot read it '.length)}` };
    return { ok: false, problem: `is not a number (${result.error})` };
  }
  if (Number.isNaN(result.value)) return { ok: false, problem: 'has no value (it is not a number)' };
  if (!Number.isFinite(result.value)) return { ok: false, problem: 'is not a finite number (too large)' };
  return { ok: true, value: result.value };
}

/** A range limit as messages print it: 1e-6 and 1e12 rather than 0.000001 and 1000000000000. */
export function formatLimit(limit: number): string {
  const size = Math.abs(limit);
  if (size !== 0 && (size < 1e-3 || size >= 1e6)) return limit.toExponential().replace('e+', 'e');
  return String(limit);
}

/** The values a number param takes, as the end of "type a value …". */
export function rangeText(param: NumberParam): string {
  const low = param.min === undefined ? undefined : param.exclusiveMin ? `above ${formatLimit(param.min)}` : `from ${formatLimit(param.min)}`;
  const high = param.max === undefined ? undefined : `${param.exclusiveMin ? 'up ' : ''}to ${formatLimit(param.max)}`;
  if (low && high) return `${low}${param.exclusiveMin ? ',' : ''} ${high}`;
  if (low) return param.exclusiveMin ? low : `of at least ${formatLimit(param.min!)}`;
  if (high) return `up to ${formatLimit(param.max!)}`;
  return 'that is finite';
}

/** Text typed into a number param's field → its value, or the reason it is refused (with the range). */
export function parseNumberField(param: NumberParam, text: string): Parsed<number> {
  const kind = param.integer ? 'whole number' : 'value';
  const read = readNumber(text);
  if (!read.ok) {
    if (read.problem === 'is empty') return { ok: false, reason: `type a ${kind} ${rangeText(param)}` };
    const fix = read.fix ?? (read.problem.startsWith('is not a finite') ? `type a ${kind} ${rangeText(param)}` : NUMBER_FIX);
    return { ok: false, reason: `“${text.trim()}” ${read.problem}: ${fix}` };
  }
  const value = read.value;
  const below = param.min !== undefined && (param.exclusiveMin ? value <= param.min : value < param.min);
  const above = param.max !== undefined && value > param.max;
  if (below || above) return { ok: false, reason: `${formatNumber(value)} is out of range: type a ${kind} ${rangeText(param)}` };
  if (param.integer && !Number.isInteger(value)) return { ok: false, reason: `${formatNumber(value)} is not a whole number: type a whole number ${rangeText(param)}` };
  const message = checkParamValue(param, value);
  return message === undefined ? { ok: true, value } : { ok: false, reason: message };
}

/**
 * Items of one row: separated by commas; inside an item, numbers separated by spaces count as
 * several ("1 -2 1") unless a space stands inside arithmetic ("1 - 2" is -1).
 */
function splitItems(row: string): string[] {
  const items: string[] = [];
  for (const piece of row.split(',')) {
    const item = piece.trim();
    if (item === '') continue;
    const words = item.split(/\s+/);
    // Several words that are not one number either: split, so a refusal names the bad word.
    const several = words.length > 1 && (words.every((word) => readNumber(word).ok) || !readNumber(item).ok);
    items.push(...(several ? words : [item]));
  }
  return items;
}

/**
 * A cell of a matrix or an item of a list → its number, or the reason, naming the place
 * (`where`, e.g. "item 3" or "row 1, column 2").
 */
export function parseCell(text: string, where?: string): Parsed<number> {
  const read = readNumber(text);
  if (read.ok) return read;
  const subject = where ? `${where}, “${text.trim()}”,` : `“${text.trim()}”`;
  if (read.problem === 'is empty') return { ok: false, reason: `${where ?? 'the cell'} is empty: ${NUMBER_FIX}` };
  return { ok: false, reason: `${subject} ${read.problem}: ${read.fix ?? (where?.includes('item') ? LIST_FIX : NUMBER_FIX)}` };
}

/** Planes of a 3-D kernel in text: separated by a blank line, or by `|` on one line. */
const PLANE_BREAK = /\n\s*\n|\|/;

/**
 * Text → a list of numbers, or rows of them (matrix): rows by lines or `;`, brackets ignored;
 * a matrix's rows fall into planes (a 3-D kernel) at blank lines or `|`.
 */
export function parseNumberList(text: string, allowRows: boolean): Parsed<number[] | number[][] | number[][][]> {
  const blocks = allowRows ? text.split(PLANE_BREAK).filter((block) => block.replace(/[[\]\s]/g, '') !== '') : [];
  if (blocks.length > 1) {
    const planes: number[][][] = [];
    for (const [p, block] of blocks.entries()) {
      const plane = parseNumberList(block, true);
      if (!plane.ok) return { ok: false, reason: `plane ${p + 1}: ${plane.reason}` };
      const value = plane.value as number[] | number[][];
      planes.push(value.length > 0 && Array.isArray(value[0]) ? (value as number[][]) : [value as number[]]);
    }
    return { ok: true, value: planes };
  }
  const rows = text
    .split(allowRows ? /[\n;]/ : /\n/)
    .map((row) => row.replace(/[[\]]/g, ' ').trim())
    .filter((row) => row !== '');
  const parsed: number[][] = [];
  let count = 0;
  for (const [r, row] of rows.entries()) {
    const numbers: number[] = [];
    for (const [i, item] of splitItems(row).entries()) {
      count++;
      const place = rows.length > 1 ? `row ${r + 1}, item ${i + 1}` : `item ${count}`;
      const cell = parseCell(item, place);
      if (!cell.ok) return cell;
      numbers.push(cell.value);
    }
    parsed.push(numbers);
  }
  if (parsed.length === 0) return { ok: true, value: [] };
  return { ok: true, value: allowRows && parsed.length > 1 ? parsed : parsed.flat() };
}

/**
 * Above this many numbers a list or matrix field shows a summary, and its whole text is made only
 * when the user asks for it: a sequence may hold a million values, ten megabytes of text that the
 * field would format at every render and the page lay out (an opened graph with one took seconds).
 */
export const LONG_LIST = 10_000;

/** How many numbers a list, a list of rows or a list of planes holds. */
export function countNumbers(value: ParamValue | undefined): number {
  if (!Array.isArray(value)) return 0;
  let count = 0;
  for (const item of value as unknown[]) count += Array.isArray(item) ? countNumbers(item as ParamValue) : 1;
  return count;
}

/** A long list in one line: how many numbers (the shape of rows or planes), its first few and its last. */
export function summariseNumbers(value: ParamValue | undefined): string {
  if (!Array.isArray(value)) return '';
  const count = countNumbers(value).toLocaleString('en');
  const flat: number[] = [];
  const last = (item: unknown): number | undefined => (Array.isArray(item) ? last(item.at(-1)) : (item as number | undefined));
  const walk = (item: unknown): void => {
    if (flat.length >= 4) return;
    if (Array.isArray(item)) for (const inner of item) walk(inner);
    else flat.push(item as number);
  };
  walk(value);
  const shape = (value as unknown[]).length > 0 && Array.isArray(value[0])
    ? Array.isArray((value[0] as unknown[])[0])
      ? ` (${value.length} planes of ${(value[0] as unknown[]).length} × ${((value[0] as unknown[][])[0] ?? []).length})`
      : ` (${value.length} rows of ${(value[0] as unknown[]).length})`
    : '';
  const end = last(value);
  return `${count} numbers${shape}: ${flat.map(formatNumber).join(', ')}, …${end === undefined ? '' : `, ${formatNumber(end)}`}`;
}

export function formatNumbers(value: ParamValue | undefined, multiline: boolean): string {
  if (!Array.isArray(value)) return '';
  if (value.length > 0 && Array.isArray(value[0]) && Array.isArray((value[0] as unknown[])[0])) {
    return (value as number[][][]).map((plane) => formatNumbers(plane, multiline)).join(multiline ? '\n\n' : ' | ');
  }
  if (value.length > 0 && Array.isArray(value[0])) {
    return (value as number[][]).map((row) => row.join(', ')).join(multiline ? '\n' : '; ');
  }
  return (value as number[]).join(', ');
}

/** A param's number as its field shows it: six significant digits, tiny values as 1e-6 (not 0.000001). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(6));
  return Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
}
