/**
 * A batch run's `summary.csv`: one row per input, in the sorted input order, with what happened
 * to it and every field of every value record a sink received (a `sink.value` after op.compare
 * or op.stats), one column per `SINK.FIELD`. RFC 4180: fields with a comma, a quote or a line
 * break are quoted, quotes doubled, lines end in CRLF. Numbers in JavaScript's shortest
 * round-trip form, non-finite ones as `NaN`, `Infinity`, `-Infinity` (as S.json's CSV exports).
 * A text that a spreadsheet would take for a formula is written with a leading `'` (textCell).
 */
import { printable } from '../../src-shared/graph/printable';
import { csvText } from '../../src-shared/io/text';

export type InputStatus = 'ok' | 'failed' | 'check failed';

export interface SummaryRow {
  /** The input file as the glob matched it (relative to the working folder when the glob was). */
  readonly input: string;
  /** Its folder under --out (the input's name without its extension). */
  readonly output: string;
  readonly status: InputStatus;
  /** The input's run, from its job starting in a worker to its last file written. */
  readonly ms: number;
  /** Empty when ok; else each failed node's (or the run's) error, `; `-separated. */
  readonly error: string;
  readonly values: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
}

export const SUMMARY_COLUMNS = ['input', 'output', 'status', 'ms', 'error'] as const;

/**
 * The value columns: `SINK.FIELD` for every field any row has, sinks in the order the rows met
 * them (the graph's run order), fields in their record's order.
 */
export function valueColumns(rows: readonly SummaryRow[]): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const [sink, fields] of row.values) {
      for (const field of Object.keys(fields)) {
        const column = `${sink}.${field}`;
        if (!seen.has(column)) {
          seen.add(column);
          columns.push(column);
        }
      }
    }
  }
  return columns;
}

/**
 * A text cell as a spreadsheet will only ever show it: a cell starting with `=`, `+`, `-` or `@`
 * is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` sends what the sheet
 * holds to a server when clicked; older Excel runs `=cmd|…`), so it gets a leading `'`, which
 * they show as text. Input file names come from whoever made the files, node ids and errors from
 * whoever made the graph. Numbers are written as numbers, never through here.
 */
export function textCell(text: string): string {
  const shown = printable(text);
  return csvText(/^[=+\-@]/.test(shown) ? `'${shown}` : shown);
}

export function summaryCsv(rows: readonly SummaryRow[]): string {
  const values = valueColumns(rows);
  const lines = [[...SUMMARY_COLUMNS, ...values].map(textCell).join(',')];
  for (const row of rows) {
    const cells = new Map<string, string>();
    for (const [sink, fields] of row.values) for (const [field, value] of Object.entries(fields)) cells.set(`${sink}.${field}`, String(value));
    const fixed = [row.input, row.output, row.status, String(Math.round(row.ms * 10) / 10), row.error];
    lines.push([...fixed.map(textCell), ...values.map((column) => cells.get(column) ?? '')].join(','));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
