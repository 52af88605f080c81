/**
 * The canvas's keyboard shortcuts (shortcuts.ts lists them). Inside text fields the browser's own
 * editing keys win, except for keys that edit no text (`whileTyping`: find); on any other control,
 * a key that is also the page's own (`canvasFocusOnly`: Tab) keeps its meaning there.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { CANVAS_SHORTCUTS } from '../shortcuts';
import { useEditorStore } from '../store/context';
import { onControl, typingIn } from '../typing';
import { useFrameNode } from './showNode';

/** A React Flow node's or wire's own wrapper (what a click on it focuses), not a control inside it. */
function onFlowElement(target: EventTarget | null): boolean {
  return target instanceof Element && target.matches('.react-flow__node, .react-flow__edge');
}

export function useCanvasShortcuts(quickAdd: { open(): void; close(): void }): void {
  const store = useEditorStore();
  const flow = useReactFlow();
  const frameNode = useFrameNode();
  const { open, close } = quickAdd;
  useEffect(() => {
    const context = { store, flow, openQuickAdd: () => open(), closeQuickAdd: close, frameNode };
    const onKey = (event: KeyboardEvent): void => {
      const action = CANVAS_SHORTCUTS.find((candidate) => candidate.keyTest(event));
      if (!action || (typingIn(event.target) && !action.whileTyping)) return;
      // A modal dialog keeps the keys pressed inside it; with focus on nothing while one is open
      // (its focused button removed, say) a key must not act on the canvas behind it either.
      if (document.querySelector('.modal-backdrop')) return;
      if (action.canvasFocusOnly && onControl(event.target)) return;
      if (action.perform(context) === false) return;
      event.preventDefault();
    };
    // React Flow answers Escape on a focused node or wire (its wrapper, focused by a click) before
    // this handler: it selects the element when unselected and unselects it when selected. One
    // press then cleared a selection and left an opened block at once, or selected the node again
    // each time, so Escape never left. On those wrappers Escape is the canvas's alone.
    const onEscapeFirst = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || !onFlowElement(event.target)) return;
      event.stopPropagation();
      onKey(event);
    };
    window.addEventListener('keydown', onEscapeFirst, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onEscapeFirst, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [store, flow, open, close, frameNode]);
}
