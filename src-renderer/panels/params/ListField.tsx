/**
 * List and matrix params as text ("1, 2, 3"; rows by lines or `;`), or a matrix as a grid of
 * cells in the inspector. The whole text applies or none of it: "1, 2, banana" keeps the list
 * there was and names the bad item.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ParamValue } from '../../../src-shared/graph/document';
import type { ListParam, MatrixParam } from '../../../src-shared/nodes/define';
import { fitsGrid, MatrixEditor, type Matrix } from '../MatrixEditor';
import { formatNumbers, parseNumberList } from './numbers';
import type { FieldProps } from './field';

export function ListField({ param, value, edit, common, compact }: FieldProps<ListParam | MatrixParam>) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const typed = useRef<string | undefined>(undefined);
  const [asText, setAsText] = useState(false);
  const shown = (value ?? param.default) as ParamValue | undefined;
  const matrix = (Array.isArray(shown) ? shown : []) as Matrix;
  const label = common['aria-label'];
  const type = (text: string | undefined): void => {
    typed.current = text;
    setDraft(text);
  };

  if (!compact && param.kind === 'matrix' && !asText && fitsGrid(matrix)) {
    return (
      <span className="param-matrix">
        <MatrixEditor label={label} value={matrix} onChange={edit.apply} onLeave={() => edit.finish()} />
        <button type="button" className="link small matrix-mode" onClick={() => setAsText(true)}>
          edit as text
        </button>
      </span>
    );
  }

  const multiline = !compact && param.kind === 'matrix';
  const committed = formatNumbers(shown, multiline);
  const text = draft ?? committed;
  const onChange = (next: string): void => {
    type(next);
    const parsed = parseNumberList(next, param.kind === 'matrix');
    if (parsed.ok) edit.apply(parsed.value);
    else edit.refuse(parsed.reason);
  };
  const onBlur = (): void => {
    type(undefined);
    edit.finish(committed === '' ? 'it empty' : `[${committed.replace(/\n/g, '; ')}]`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    // In the matrix's text area Enter starts a row; Ctrl+Enter applies.
    if (event.key === 'Enter' && (!(event.currentTarget instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
      event.currentTarget.blur();
    } else if (event.key === 'Escape') {
      type(undefined);
      edit.cancel();
      event.currentTarget.blur();
    }
  };

  if (!multiline) {
    return <input {...common} type="text" value={text} onChange={(event) => onChange(event.target.value)} onBlur={onBlur} onKeyDown={onKeyDown} />;
  }
  return (
    <span className="param-matrix">
      <textarea
        {...common}
        rows={Math.min(8, Math.max(3, text.split('\n').length))}
        spellCheck={false}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      />
      {fitsGrid(matrix) && (
        <button type="button" className="link small matrix-mode" onClick={() => setAsText(false)}>
          edit as cells
        </button>
      )}
    </span>
  );
}
