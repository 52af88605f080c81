/**
 * One param field's edit, shared by every kind. Sliders, arrow keys and choices apply live, one
 * undoable gesture per drag or per focus. Typed text is an entry: it applies whole on Enter or on
 * leaving the field, or not at all — a refused "1,5" leaves the value there was, never the 1 it
 * passed through — and the reason stays next to the field, also after leaving it ("… — kept 2").
 */
import { useState } from 'react';
import type { ParamValue } from '../../../src-shared/graph/document';
import { checkParamValue } from '../../../src-shared/graph/params';
import type { ParamDefinition } from '../../../src-shared/nodes/define';
import { useEditorStore } from '../../store/context';

export interface ParamEdit {
  /** What the field says now: why an entry was refused (and what was kept). */
  readonly problem: string | undefined;
  /** The field holds what was refused (not yet the committed value again, as after leaving it). */
  readonly invalid: boolean;
  /** Applies a value within this field's gesture; false (with the reason shown) when the param refuses it. */
  apply(next: ParamValue): boolean;
  /** The gesture is over (drag released, field left). */
  finish(): void;
  /** Applies a whole entry as one undo entry; false (with the reason shown) when refused. */
  commit(next: ParamValue): boolean;
  /** Shows why an entry was refused, or clears it; `kept`: the field is back to the committed value. */
  say(problem: string | undefined, kept?: boolean): void;
}

export function useParamEdit(nodeId: string, param: ParamDefinition): ParamEdit {
  const store = useEditorStore();
  const [said, setSaid] = useState<{ problem?: string; kept?: boolean }>({});
  const say = (problem: string | undefined, kept = false): void => setSaid(problem === undefined ? {} : { problem, kept });
  const gesture = `param:${nodeId}:${param.name}`;
  const apply = (next: ParamValue): boolean => {
    const message = checkParamValue(param, next);
    // The param first: the run it asks for is queued ahead of the render this field's own state
    // queues, so the engine computes while the page draws.
    if (message === undefined) store.getState().setParam(nodeId, param.name, next, gesture);
    say(message);
    return message === undefined;
  };
  const finish = (): void => store.getState().endGesture();
  return {
    problem: said.problem,
    invalid: said.problem !== undefined && !said.kept,
    apply,
    finish,
    say,
    commit(next) {
      const applied = apply(next);
      finish();
      return applied;
    },
  };
}
