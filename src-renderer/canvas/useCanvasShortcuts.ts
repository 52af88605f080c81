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
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, flow, open, close, frameNode]);
}
