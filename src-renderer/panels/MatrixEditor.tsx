/**
 * A grid of number cells for a matrix param (a custom kernel): one cell per entry, rows and columns
 * added or removed with buttons. A flat list stays flat while it is one row. A cell takes a number
 * or arithmetic ("1/16") on Enter or on leaving it, each one undo entry; text that is neither is
 * refused whole (never a prefix of it applied) and the grid says why under it; Escape puts the
 * cell's value back.
 */
import { useRef, useState } from 'react';
import { parseCell } from './params/numbers';

/** The largest matrix edited as cells; bigger ones are edited as text. */
export const GRID_LIMIT = 16;

export type Matrix = number[] | number[][];

export function toRows(value: Matrix): number[][] {
  return value.length > 0 && Array.isArray(value[0]) ? (value as number[][]) : [value as number[]];
}

/** Rows back to the param's shape: one row of a list that was flat stays a flat list. */
export function fromRows(rows: number[][], wasFlat: boolean): Matrix {
  return wasFlat && rows.length === 1 ? [...rows[0]!] : rows.map((row) => [...row]);
}

export function fitsGrid(value: Matrix): boolean {
  // Planes (a 3-D kernel) are edited as text: a grid holds rows of numbers only.
  if (value.some((row) => Array.isArray(row) && row.some((cell) => Array.isArray(cell)))) return false;
  const rows = toRows(value);
  return rows.length <= GRID_LIMIT && (rows[0]?.length ?? 0) <= GRID_LIMIT;
}

function formatCell(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(8)));
}

export function MatrixEditor({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Matrix;
  /** A whole new matrix: one undo entry. */
  onChange: (next: Matrix) => void;
}) {
  const wasFlat = value.length === 0 || !Array.isArray(value[0]);
  const rows = toRows(value);
  const width = rows[0]?.length ?? 0;
  /** Text being typed into a cell, not applied yet, keyed `row,column`. */
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  /** Why the last text entered was refused (and, once its cell is left, what was kept). */
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // Mirrors the drafts for a blur that follows Enter or Escape before a render.
  const typed = useRef<Record<string, string>>({});

  const emit = (next: number[][]): void => onChange(fromRows(next, wasFlat));
  const type = (key: string, text: string | undefined): void => {
    const { [key]: _old, ...rest } = typed.current;
    typed.current = text === undefined ? rest : { ...rest, [key]: text };
    setDrafts(typed.current);
  };
  /** Applies a cell's text; true when it applied (or nothing was typed). */
  const enter = (r: number, c: number, leaving: boolean): boolean => {
    const key = `${r},${c}`;
    const text = typed.current[key];
    if (text === undefined) return true;
    const parsed = parseCell(text, `row ${r + 1}, column ${c + 1}`);
    if (parsed.ok) {
      type(key, undefined);
      setProblem(undefined);
      emit(rows.map((row, i) => (i === r ? row.map((cell, j) => (j === c ? parsed.value : cell)) : row)));
      return true;
    }
    setProblem(leaving ? `${parsed.reason} — kept ${formatCell(rows[r]![c]!)}` : parsed.reason);
    if (leaving) type(key, undefined);
    return false;
  };
  const resize = (rowCount: number, columnCount: number): void => {
    if (rowCount < 1 || columnCount < 1 || rowCount > GRID_LIMIT || columnCount > GRID_LIMIT) return;
    typed.current = {};
    setDrafts({});
    setProblem(undefined);
    emit(Array.from({ length: rowCount }, (_, r) => Array.from({ length: columnCount }, (_, c) => rows[r]?.[c] ?? 0)));
  };

  return (
    <div
      className="matrix-editor nodrag nowheel"
      role="group"
      aria-label={`${label} grid`}
    >
      <div className="matrix-cells" style={{ gridTemplateColumns: `repeat(${width}, minmax(34px, 1fr))` }}>
        {rows.map((row, r) =>
          row.map((cell, c) => {
            const key = `${r},${c}`;
            const draft = drafts[key];
            return (
              <input
                key={key}
                type="text"
                inputMode="decimal"
                aria-label={`${label} row ${r + 1} column ${c + 1}`}
                className={draft !== undefined && problem !== undefined ? 'invalid' : undefined}
                value={draft ?? formatCell(cell)}
                onChange={(event) => {
                  type(key, event.target.value);
                  setProblem(undefined);
                }}
                onFocus={(event) => event.currentTarget.select()}
                onBlur={() => enter(r, c, true)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') enter(r, c, false);
                  if (event.key === 'Escape') {
                    type(key, undefined);
                    setProblem(undefined);
                  }
                }}
              />
            );
          }),
        )}
      </div>
      <div className="matrix-buttons">
        <span className="muted">
          {rows.length} × {width}
        </span>
        <button type="button" className="small" onClick={() => resize(rows.length + 1, width)} disabled={rows.length >= GRID_LIMIT} title="Add a row">
          + row
        </button>
        <button type="button" className="small" onClick={() => resize(rows.length - 1, width)} disabled={rows.length <= 1} title="Remove the last row">
          − row
        </button>
        <button type="button" className="small" onClick={() => resize(rows.length, width + 1)} disabled={width >= GRID_LIMIT} title="Add a column">
          + col
        </button>
        <button type="button" className="small" onClick={() => resize(rows.length, width - 1)} disabled={width <= 1} title="Remove the last column">
          − col
        </button>
      </div>
      {problem !== undefined && (
        <div className="param-problem matrix-problem" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
