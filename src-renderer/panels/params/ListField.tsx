/**
 * List and matrix params as text ("1, 2, 3"; rows by lines or `;`), or a matrix as a grid of
 * cells in the inspector. The whole text applies on Enter (Ctrl+Enter in a text area) or on
 * leaving the field, or none of it: "1, 2, banana" keeps the list there was and names the bad item.
 * A long one (over LONG_LIST numbers: a sequence pasted from data) shows as a summary, on the
 * node and in the inspector, whose "edit as text" makes the whole text only when asked.
 */
import { useState, type KeyboardEvent } from 'react';
import { checkParamValue } from '../../../src-shared/graph/params';
import type { ParamValue } from '../../../src-shared/graph/document';
import type { ListParam, MatrixParam } from '../../../src-shared/nodes/define';
import { fitsGrid, MatrixEditor, type Matrix } from '../MatrixEditor';
import { countNumbers, formatNumbers, LONG_LIST, parseNumberList, summariseNumbers, type Parsed } from './numbers';
import { useTextEntry } from './useTextEntry';
import type { FieldProps } from './field';

/** The whole text as the param's value, or why not (a rule of the param's, such as its length, included). */
function parseList(param: ListParam | MatrixParam, text: string): Parsed<ParamValue> {
  const parsed = parseNumberList(text, param.kind === 'matrix');
  if (!parsed.ok) return parsed;
  const message = checkParamValue(param, parsed.value);
  return message === undefined ? parsed : { ok: false, reason: message };
}

export function ListField({ param, value, edit, common, compact }: FieldProps<ListParam | MatrixParam>) {
  const [asText, setAsText] = useState(false);
  /** The long list whose whole text the user asked for (in the inspector); another value shows as a summary again. */
  const [wholeOf, setWholeOf] = useState<ParamValue | undefined>(undefined);
  const shown = (value ?? param.default) as ParamValue | undefined;
  // Once the value is another (typed, undone, changed elsewhere), the choice is over.
  if (wholeOf !== undefined && wholeOf !== shown) setWholeOf(undefined);
  const whole = wholeOf !== undefined && wholeOf === shown;
  const matrix = (Array.isArray(shown) ? shown : []) as Matrix;
  const multiline = !compact && param.kind === 'matrix';
  const summary = !whole && countNumbers(shown) > LONG_LIST;
  const committed = summary ? '' : formatNumbers(shown, multiline);
  const entry = useTextEntry(edit, committed, (text) => parseList(param, text));

  if (summary) {
    const text = summariseNumbers(shown);
    return (
      <span className="param-matrix">
        <input {...common} type="text" readOnly className={`${common.className} param-summary`} value={text} title={compact ? `${text}: select the node to edit them as text in the inspector` : text} />
        {!compact && (
          <button type="button" className="link small matrix-mode" title="Shows every number as text to edit; a million numbers take a few seconds" onClick={() => setWholeOf(shown)}>
            edit as text
          </button>
        )}
      </span>
    );
  }

  if (!compact && param.kind === 'matrix' && !asText && fitsGrid(matrix)) {
    return (
      <span className="param-matrix">
        <MatrixEditor label={common['aria-label']} value={matrix} onChange={edit.commit} />
        <button type="button" className="link small matrix-mode" onClick={() => setAsText(true)}>
          edit as text
        </button>
      </span>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    // In the matrix's text area Enter starts a row; Ctrl+Enter applies.
    if (event.key === 'Enter' && (!(event.currentTarget instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (entry.enter()) event.currentTarget.blur();
    } else if (event.key === 'Escape') {
      entry.cancel();
      event.currentTarget.blur();
    }
  };
  const handlers = { value: entry.text, onChange: (event: { target: { value: string } }) => entry.change(event.target.value), onBlur: entry.leave, onKeyDown };
  if (!multiline) return <input {...common} type="text" {...handlers} />;
  return (
    <span className="param-matrix">
      <textarea {...common} rows={Math.min(8, Math.max(3, entry.text.split('\n').length))} spellCheck={false} {...handlers} />
      {fitsGrid(matrix) && (
        <button type="button" className="link small matrix-mode" onClick={() => setAsText(false)}>
          edit as cells
        </button>
      )}
    </span>
  );
}
