/**
 * A grid of number cells for a matrix param (a custom kernel): one cell per entry, rows and columns
 * added or removed with buttons. A flat list stays flat while it is one row. Each edit applies at
 * once; the whole focus of the grid is one undoable gesture (the caller ends it on leaving). A cell
 * takes a number or arithmetic ("1/16"); text that is neither puts back the cell's value from when
 * it got focus (never a prefix of what was typed) and says why under the grid.
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
  onLeave,
}: {
  label: string;
  value: Matrix;
  onChange: (next: Matrix) => void;
  /** Focus left the grid: the gesture is over. */
  onLeave: () => void;
}) {
  const wasFlat = value.length === 0 || !Array.isArray(value[0]);
  const rows = toRows(value);
  const width = rows[0]?.length ?? 0;
  /** Text being typed into a cell that is not (yet) a number, keyed `row,column`. */
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  /** Why the last text typed was refused (and, once its cell is left, what was kept). */
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** The focused cell's value when it got focus: what a refused text puts back. */
  const start = useRef<{ key: string; value: number } | undefined>(undefined);

  const emit = (next: number[][]): void => onChange(fromRows(next, wasFlat));
  const withCell = (r: number, c: number, number: number): number[][] =>
    rows.map((row, i) => (i === r ? row.map((cell, j) => (j === c ? number : cell)) : row));
  const dropDraft = (key: string): void =>
    setDrafts((d) => {
      const { [key]: _done, ...rest } = d;
      return rest;
    });
  const setCell = (r: number, c: number, text: string): void => {
    const key = `${r},${c}`;
    const parsed = parseCell(text, `row ${r + 1}, column ${c + 1}`);
    if (!parsed.ok) {
      setDrafts((d) => ({ ...d, [key]: text }));
      setProblem(parsed.reason);
      const before = start.current?.key === key ? start.current.value : undefined;
      if (before !== undefined && rows[r]?.[c] !== before) emit(withCell(r, c, before));
      return;
    }
    dropDraft(key);
    setProblem(undefined);
    emit(withCell(r, c, parsed.value));
  };
  const leaveCell = (key: string): void => {
    if (drafts[key] === undefined) return;
    dropDraft(key);
    const kept = start.current?.key === key ? start.current.value : undefined;
    if (kept !== undefined) setProblem((said) => (said === undefined ? said : `${said} — kept ${formatCell(kept)}`));
  };
  const resize = (rowCount: number, columnCount: number): void => {
    if (rowCount < 1 || columnCount < 1 || rowCount > GRID_LIMIT || columnCount > GRID_LIMIT) return;
    setDrafts({});
    setProblem(undefined);
    emit(Array.from({ length: rowCount }, (_, r) => Array.from({ length: columnCount }, (_, c) => rows[r]?.[c] ?? 0)));
  };

  return (
    <div
      className="matrix-editor nodrag nowheel"
      role="group"
      aria-label={`${label} grid`}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onLeave();
      }}
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
                className={draft !== undefined ? 'invalid' : undefined}
                value={draft ?? formatCell(cell)}
                onChange={(event) => setCell(r, c, event.target.value)}
                onFocus={(event) => {
                  start.current = { key, value: cell };
                  event.currentTarget.select();
                }}
                onBlur={() => leaveCell(key)}
                onKeyDown={(event) => {
                  if (event.key !== 'Escape' || start.current?.key !== key) return;
                  dropDraft(key);
                  setProblem(undefined);
                  if (cell !== start.current.value) emit(withCell(r, c, start.current.value));
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
