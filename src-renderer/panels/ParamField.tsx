/**
 * One param's control, drawn from its definition: slider plus number for bounded numbers, a
 * select for enums, a list/matrix editor, a text field with a picker for paths. Edits apply live
 * as one undoable gesture per slider drag or per focus of a text field, and invalid input shows
 * its message (from the same `checkParamValue` the engine uses) instead of being applied.
 */
import { useContext, useRef, useState, type KeyboardEvent } from 'react';
import { createStore, useStore } from 'zustand';
import type { ParamValue } from '../../src-shared/graph/document';
import { checkParamValue } from '../../src-shared/graph/params';
import type { NumberParam, ParamDefinition } from '../../src-shared/nodes/define';
import { useEditorStore } from '../store/context';
import { FilesContext } from '../files/context';
import type { FileSessionState } from '../files/controller';
import { fitsGrid, MatrixEditor, type Matrix } from './MatrixEditor';
import { PathPicker } from './PathPicker';

/** Stands in for the file session where there is none (no FilesProvider above). */
const NO_SESSION = createStore<Pick<FileSessionState, 'file'>>(() => ({}));

/** The slider's span: the whole range when it is small, else a decade around the default. */
export function sliderRange(param: NumberParam, value: number): [number, number] | undefined {
  if (param.min === undefined || param.max === undefined) return undefined;
  if (param.max - param.min <= 100) return [param.min, param.max];
  const reach = 10 * Math.max(Math.abs(param.default), Math.abs(value) * 2, 1);
  return [Math.max(param.min, param.min < 0 ? -reach : param.min), Math.min(param.max, reach)];
}

/**
 * How a number param's slider maps to values: linear over sliderRange, or by decades for a
 * positive param whose default sits in the first thousandth of its span (a tolerance of 1e-9, a
 * rate of 1 Hz, a frequency): on a linear track such a value is pinned to the left end and the
 * first pixel of a drag jumps it by orders of magnitude.
 */
export interface SliderScale {
  readonly log: boolean;
  readonly range: readonly [number, number];
}

/** Positions of a log slider's track (the input's min 0 and max). */
export const LOG_SLIDER_STEPS = 1000;

export function sliderScale(param: NumberParam, value: number): SliderScale | undefined {
  const range = sliderRange(param, value);
  if (!range) return undefined;
  const min = param.min ?? 0, max = param.max ?? 0;
  const byDecades = !param.integer && param.step === undefined && min >= 0 && param.default > 0 && param.default < 1e-3 * (max - min);
  if (!byDecades) return { log: false, range };
  const smallest = Math.min(param.default, value > 0 ? value : param.default) / 1000;
  const low = Math.max(smallest, min > 0 ? min : 0, Number.MIN_VALUE);
  return { log: true, range: [low, Math.max(range[1], low * 10)] };
}

/** The slider input's value for a param value (the value itself on a linear scale). */
export function sliderPosition(scale: SliderScale, value: number): number {
  const [low, high] = scale.range;
  const clamped = Math.min(high, Math.max(low, value));
  if (!scale.log) return clamped;
  return Math.round((LOG_SLIDER_STEPS * Math.log(clamped / low)) / Math.log(high / low));
}

/** The param value at a slider position, to three significant digits on a log scale. */
export function sliderValue(scale: SliderScale, position: number): number {
  if (!scale.log) return position;
  const [low, high] = scale.range;
  const value = low * Math.pow(high / low, Math.min(1, Math.max(0, position / LOG_SLIDER_STEPS)));
  return Number(value.toPrecision(3));
}

/** Text → list of numbers or rows: numbers split by commas or spaces, rows by lines or `;`. */
export function parseNumbers(text: string, allowRows: boolean): number[] | number[][] | string {
  const rows = text
    .split(allowRows ? /[\n;]/ : /\n/)
    .map((row) => row.replace(/[[\]]/g, ' ').trim())
    .filter((row) => row !== '');
  const parsed: number[][] = [];
  for (const row of rows) {
    const cells = row.split(/[\s,]+/).filter((cell) => cell !== '');
    const numbers = cells.map(Number);
    const bad = cells.findIndex((_, i) => !Number.isFinite(numbers[i]));
    if (bad >= 0) return `"${cells[bad]}" is not a number`;
    parsed.push(numbers);
  }
  if (parsed.length === 0) return [];
  return allowRows && parsed.length > 1 ? parsed : parsed.flat();
}

export function formatNumbers(value: ParamValue | undefined, multiline: boolean): string {
  if (!Array.isArray(value)) return '';
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

interface FieldProps {
  readonly nodeId: string;
  readonly param: ParamDefinition;
  readonly value: ParamValue | undefined;
  /** On the node: one line, no messages below (they show as a tooltip and a red border). */
  readonly compact?: boolean;
  /**
   * What the document's own check says about this param (a rule across params, or a value that
   * came from a file), shown when the field itself has nothing to say.
   */
  readonly documentProblem?: string;
}

export function ParamField({ nodeId, param, value, compact = false, documentProblem }: FieldProps) {
  const store = useEditorStore();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [asText, setAsText] = useState(false);
  const [picking, setPicking] = useState(false);
  // Browser mode picks paths from the served folder (the files service); the desktop app uses the
  // system's file chooser.
  const files = useContext(FilesContext);
  const documentPath = useStore(files?.controller.session ?? NO_SESSION, (state) => state.file?.path);
  /** The slider's scale while it is held. */
  const heldScale = useRef<SliderScale | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const gesture = `param:${nodeId}:${param.name}`;
  const shown = (value ?? param.default) as ParamValue | undefined;
  const label = param.label ?? param.name;

  const apply = (next: ParamValue): void => {
    const message = checkParamValue(param, next);
    setProblem(message);
    if (message === undefined) store.getState().setParam(nodeId, param.name, next, gesture);
  };
  const finish = (): void => {
    setDraft(undefined);
    setProblem(undefined);
    store.getState().endGesture();
  };
  const commitOnEnter = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Enter' && !(event.currentTarget instanceof HTMLTextAreaElement && !event.ctrlKey && !event.metaKey)) {
      (event.currentTarget as HTMLElement).blur();
    }
    if (event.key === 'Escape') {
      setDraft(undefined);
      setProblem(undefined);
      (event.currentTarget as HTMLElement).blur();
    }
  };
  const shownProblem = problem ?? documentProblem;
  const invalid = shownProblem !== undefined;
  const common = {
    className: `nodrag nowheel${invalid ? ' invalid' : ''}`,
    'aria-label': label,
    'aria-invalid': invalid || undefined,
    title: shownProblem ?? param.doc,
  };

  let control;
  switch (param.kind) {
    case 'enum':
      control = (
        <select
          {...common}
          value={String(shown)}
          onChange={(event) => {
            const option = param.options.find((o) => String(o) === event.target.value);
            if (option !== undefined) {
              store.getState().setParam(nodeId, param.name, option);
              store.getState().endGesture();
            }
          }}
        >
          {param.options.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={Boolean(shown)}
          onChange={(event) => {
            store.getState().setParam(nodeId, param.name, event.target.checked);
            store.getState().endGesture();
          }}
        />
      );
      break;
    case 'number': {
      const current = typeof shown === 'number' ? shown : param.default;
      // The span follows the value between drags, never during one: a span that grew under the
      // pointer would move the thumb away from it and run the value off.
      const scale = heldScale.current ?? sliderScale(param, current);
      const range = scale?.range;
      // The number field's arrow keys: a linear slider's step, or a tenth of the value by decades.
      const step = param.step ?? (param.integer ? 1 : range && !scale.log ? (range[1] - range[0]) / 200 : 'any');
      control = (
        <span className="param-number">
          {scale && range && (
            <input
              type="range"
              className="nodrag nowheel"
              aria-label={`${label} slider`}
              data-scale={scale.log ? 'log' : 'linear'}
              min={scale.log ? 0 : range[0]}
              max={scale.log ? LOG_SLIDER_STEPS : range[1]}
              step={scale.log ? 1 : step}
              value={sliderPosition(scale, current)}
              onChange={(event) => {
                let next = sliderValue(scale, Number(event.target.value));
                if (param.exclusiveMin && param.min !== undefined && next <= param.min) next = param.min + (Number(step) || 1e-6);
                if (!param.integer) next = Number(next.toPrecision(6));
                setDraft(undefined);
                apply(next);
              }}
              onPointerDown={() => (heldScale.current = scale)}
              onPointerUp={() => {
                heldScale.current = undefined;
                store.getState().endGesture();
              }}
              onKeyUp={() => store.getState().endGesture()}
              onBlur={() => {
                heldScale.current = undefined;
                store.getState().endGesture();
              }}
            />
          )}
          <input
            {...common}
            type="text"
            inputMode="decimal"
            className={`${common.className} param-number-text`}
            value={draft ?? formatNumber(current)}
            onChange={(event) => {
              setDraft(event.target.value);
              const text = event.target.value.trim();
              if (text === '' || text === '-' || text === '.') return setProblem('type a number');
              apply(Number(text));
            }}
            onBlur={finish}
            onKeyDown={(event) => {
              if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
                event.preventDefault();
                const up = event.key === 'ArrowUp';
                setDraft(undefined);
                if (scale?.log && current <= 0) {
                  if (up) apply(scale.range[0]);
                  return;
                }
                if (scale?.log) {
                  // By decades: ×1.1 per press (×10 with Shift), so 1e-9 steps to 1.1e-9, not to 1e-9 + 0.05.
                  const factor = event.shiftKey ? 10 : 1.1;
                  apply(Number((up ? current * factor : current / factor).toPrecision(6)));
                  return;
                }
                const delta = (up ? 1 : -1) * (typeof step === 'number' ? step : 1) * (event.shiftKey ? 10 : 1);
                apply(Number((current + delta).toPrecision(12)));
                return;
              }
              commitOnEnter(event);
            }}
          />
        </span>
      );
      break;
    }
    case 'list':
    case 'matrix': {
      const matrix = (Array.isArray(shown) ? shown : []) as Matrix;
      if (!compact && param.kind === 'matrix' && !asText && fitsGrid(matrix)) {
        control = (
          <span className="param-matrix">
            <MatrixEditor label={label} value={matrix} onChange={apply} onLeave={finish} />
            <button type="button" className="link small matrix-mode" onClick={() => setAsText(true)}>
              edit as text
            </button>
          </span>
        );
        break;
      }
      const multiline = !compact && param.kind === 'matrix';
      const text = draft ?? formatNumbers(shown, multiline);
      const onChange = (next: string): void => {
        setDraft(next);
        const parsed = parseNumbers(next, param.kind === 'matrix');
        if (typeof parsed === 'string') return setProblem(parsed);
        apply(parsed);
      };
      control = compact || !multiline ? (
        <input {...common} type="text" value={text} onChange={(event) => onChange(event.target.value)} onBlur={finish} onKeyDown={commitOnEnter} />
      ) : (
        <span className="param-matrix">
          <textarea
            {...common}
            rows={Math.min(8, Math.max(3, text.split('\n').length))}
            spellCheck={false}
            value={text}
            onChange={(event) => onChange(event.target.value)}
            onBlur={finish}
            onKeyDown={commitOnEnter}
          />
          {fitsGrid(matrix) && (
            <button type="button" className="link small matrix-mode" onClick={() => setAsText(false)}>
              edit as cells
            </button>
          )}
        </span>
      );
      break;
    }
    case 'string':
    case 'path':
      control = (
        <span className="param-path">
          <input
            {...common}
            type="text"
            value={draft ?? String(shown ?? '')}
            onChange={(event) => {
              setDraft(event.target.value);
              apply(event.target.value);
            }}
            onBlur={finish}
            onKeyDown={commitOnEnter}
          />
          {param.kind === 'path' && (
            <>
              <button
                type="button"
                className="nodrag small"
                title="Choose a file"
                aria-label={`Choose a file for ${label}`}
                aria-expanded={picking}
                onClick={() => (files?.mode === 'browser' ? setPicking((open) => !open) : fileInput.current?.click())}
              >
                …
              </button>
              {picking && files && (
                <PathPicker
                  api={files.api}
                  documentPath={documentPath}
                  extensions={param.extensions}
                  onPick={(path) => {
                    setPicking(false);
                    apply(path);
                    finish();
                  }}
                  onClose={() => setPicking(false)}
                />
              )}
              <input
                ref={fileInput}
                type="file"
                hidden
                accept={param.extensions.map((ext) => `.${ext}`).join(',')}
                onChange={(event) => {
                  // A browser page learns only the file's name: it resolves against the graph's folder.
                  const file = event.target.files?.[0];
                  if (file) {
                    apply(file.name);
                    finish();
                  }
                }}
              />
            </>
          )}
        </span>
      );
      break;
  }

  if (compact) {
    return (
      <label className="cl-param">
        <span>{label}</span>
        {control}
      </label>
    );
  }
  return (
    <div className={`inspector-param${invalid ? ' invalid' : ''}`}>
      <label>
        <span className="inspector-param-name">{label}</span>
        {control}
      </label>
      {shownProblem !== undefined ? (
        <div className="param-problem" role="alert">
          {shownProblem}
        </div>
      ) : (
        param.doc && <div className="param-doc">{param.doc}</div>
      )}
    </div>
  );
}
