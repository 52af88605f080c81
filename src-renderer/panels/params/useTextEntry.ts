/**
 * Text typed into a number, list or matrix field, as one entry: it applies whole on Enter or on
 * leaving the field. Enter with text that is not a value keeps the text and the focus and says
 * why; leaving with it puts back the committed value and says why and what was kept; Escape puts
 * back the committed value and says nothing.
 */
import { useRef, useState } from 'react';
import type { ParamValue } from '../../../src-shared/graph/document';
import type { Parsed } from './numbers';
import type { ParamEdit } from './useParamEdit';

export interface TextEntry {
  /** What the field shows: the text being typed, else the committed value. */
  readonly text: string;
  /** The text being typed, if any (also right after a handler changed it, before a render). */
  typed(): string | undefined;
  change(text: string): void;
  /** Enter: true when the entry applied (the caller may then leave the field). */
  enter(): boolean;
  /** Focus left: applies the text, or puts back the committed value and says why; ends the gesture. */
  leave(): void;
  /** Drops the text typed (Escape, or a slider or key took over) without ending the gesture. */
  cancel(): void;
}

export function useTextEntry(edit: ParamEdit, committed: string, parse: (text: string) => Parsed<ParamValue>): TextEntry {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  // Mirrors the draft for handlers that run before the next render (a blur right after Escape).
  const latest = useRef<string | undefined>(undefined);
  const type = (text: string | undefined): void => {
    latest.current = text;
    setDraft(text);
  };
  const tryApply = (): Parsed<ParamValue> | undefined => {
    const text = latest.current;
    if (text === undefined) return undefined;
    const parsed = parse(text);
    if (parsed.ok && edit.commit(parsed.value)) type(undefined);
    return parsed;
  };
  return {
    text: draft ?? committed,
    typed: () => latest.current,
    change(text) {
      type(text);
      edit.say(undefined);
    },
    enter() {
      const parsed = tryApply();
      if (parsed && !parsed.ok) edit.say(parsed.reason);
      return parsed?.ok ?? true;
    },
    leave() {
      const parsed = tryApply();
      if (parsed && !parsed.ok) edit.say(`${parsed.reason} — kept ${committed === '' ? 'it empty' : committed.replace(/\n/g, '; ')}`, true);
      type(undefined);
      edit.finish();
    },
    cancel() {
      type(undefined);
      edit.say(undefined);
    },
  };
}
