/**
 * One param field's edit, shared by every kind: values apply live as one undoable gesture per
 * focus (per slider drag), and text that cannot be applied puts back the value the param had
 * before this edit began, so a refused "1,5" never leaves the 1 it passed through. The reason
 * stays next to the field, also after leaving it ("… — kept 2").
 */
import { useRef, useState } from 'react';
import type { ParamValue } from '../../../src-shared/graph/document';
import { checkParamValue } from '../../../src-shared/graph/params';
import type { ParamDefinition } from '../../../src-shared/nodes/define';
import { useEditorStore } from '../../store/context';

export interface ParamEdit {
  /** What the field says now (a refusal, or a note that a refusal kept the old value). */
  readonly problem: string | undefined;
  /** Applies a value within this field's gesture; false (with the reason shown) when the param refuses it. */
  apply(next: ParamValue): boolean;
  /** Text that is not a value: shows why and puts back the value from before this edit. */
  refuse(reason: string): void;
  /** Focus left (or a drag ended): the gesture is over; a pending refusal says what was kept. */
  finish(kept?: string): void;
  /** Escape: the value from before this edit comes back and the reason goes. */
  cancel(): void;
}

export function useParamEdit(nodeId: string, param: ParamDefinition, value: ParamValue | undefined): ParamEdit {
  const store = useEditorStore();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** The value before this edit (captured at its first change), whether the document differs from it, the last refusal. */
  const edit = useRef<{ before?: ParamValue | undefined; open: boolean; changed: boolean; refused?: string }>({ open: false, changed: false });
  const gesture = `param:${nodeId}:${param.name}`;

  const open = (): void => {
    if (!edit.current.open) edit.current = { before: value, open: true, changed: false };
  };
  const revert = (): void => {
    if (!edit.current.changed) return;
    const before = edit.current.before ?? param.default ?? [];
    store.getState().setParam(nodeId, param.name, before as ParamValue, gesture);
    edit.current.changed = false;
  };
  const refuse = (reason: string): void => {
    open();
    edit.current.refused = reason;
    setProblem(reason);
    revert();
  };
  return {
    problem,
    refuse,
    apply(next) {
      open();
      const message = checkParamValue(param, next);
      if (message !== undefined) {
        refuse(message);
        return false;
      }
      edit.current.refused = undefined;
      setProblem(undefined);
      store.getState().setParam(nodeId, param.name, next, gesture);
      edit.current.changed = true;
      return true;
    },
    finish(kept) {
      const refused = edit.current.refused;
      edit.current = { open: false, changed: false };
      setProblem(refused !== undefined && kept !== undefined ? `${refused} — kept ${kept}` : refused);
      store.getState().endGesture();
    },
    cancel() {
      revert();
      edit.current = { open: false, changed: false };
      setProblem(undefined);
      store.getState().endGesture();
    },
  };
}
