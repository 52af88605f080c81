/** The canvas's keyboard shortcuts (shortcuts.ts lists them). Inside text fields the browser's own editing keys win. */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { CANVAS_SHORTCUTS } from '../shortcuts';
import { useEditorStore } from '../store/context';
import { typingIn } from '../typing';

export function useCanvasShortcuts(quickAdd: { open(): void; close(): void }): void {
  const store = useEditorStore();
  const flow = useReactFlow();
  const { open, close } = quickAdd;
  useEffect(() => {
    const context = { store, flow, openQuickAdd: () => open(), closeQuickAdd: close };
    const onKey = (event: KeyboardEvent): void => {
      if (typingIn(event.target)) return;
      const action = CANVAS_SHORTCUTS.find((candidate) => candidate.keyTest(event));
      if (!action || action.perform(context) === false) return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, flow, open, close]);
}
