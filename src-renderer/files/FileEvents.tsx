/**
 * The file side's window-wide events: commands from the native menu (desktop), the File menu's
 * shortcuts (browser), the question before a tab with unsaved changes closes (browser), a graph
 * file or a PNG carrying a graph dropped on the window, copy, cut and paste of nodes through the
 * system clipboard, and a pasted share link.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { expectCopiesLike, pastePosition } from '../canvas/flowPlacement';
import { useEditorStore } from '../store/context';
import { EMPTY_SELECTION } from '../store/document';
import { isShareLink } from '../../src-shared/io/share-link';
import { copyNodes, pasteNodes } from './clipboard';
import { useFiles } from './context';
import { FILE_SHORTCUTS } from '../shortcuts';
import { typingIn } from '../typing';

/** The user selected text on the page (a node's doc, an error): copying copies that text. */
function selectingText(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().length > 0;
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function FileEvents() {
  const { api, mode, controller, dialogs } = useFiles();
  const store = useEditorStore();
  const flow = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | undefined>(undefined);
  const [dropping, setDropping] = useState(false);

  const modalOpen = useCallback((): boolean => {
    const state = dialogs.store.getState();
    return state.stack.length > 0 || state.gallery || state.restore;
  }, [dialogs]);

  // A document just opened is framed by the canvas (canvas/useOpenFit.ts).

  // Commands from the desktop's native menu and window.
  useEffect(() => api.onCommand((command) => void controller.run(command, () => dialogs.showGallery(true))), [api, controller, dialogs]);

  // The browser has no native menu: its shortcuts are the page's.
  useEffect(() => {
    if (mode !== 'browser') return;
    const onKey = (event: KeyboardEvent): void => {
      const action = FILE_SHORTCUTS.find((candidate) => candidate.keyTest(event));
      if (!action) return;
      event.preventDefault();
      if (modalOpen()) return;
      // A field being edited commits its value first (fields commit when they lose focus).
      if (document.activeElement instanceof HTMLElement && typingIn(document.activeElement)) document.activeElement.blur();
      action.perform({ run: (command) => void controller.run(command, () => dialogs.showGallery(true)) });
    };
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (!controller.dirty) return;
      // The backup is written now, so even a tab closed in the next second can be restored.
      void controller.writeBackupNow();
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [mode, controller, dialogs, modalOpen]);

  // A graph file dropped anywhere on the window opens (palette drags are the canvas's own).
  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth++;
      setDropping(true);
    };
    const onLeave = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDropping(false);
    };
    const onOver = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent): void => {
      depth = 0;
      setDropping(false);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      if (modalOpen()) return;
      void controller.openDropped({ name: file.name, text: () => file.text(), bytes: async () => new Uint8Array(await file.arrayBuffer()), handle: file });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [controller, modalOpen]);

  // Copy, cut and paste: nodes travel as graph-file JSON on the system clipboard.
  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      pointer.current = { x: event.clientX, y: event.clientY };
    };
    /** The pointer, when it is over the canvas: a paste goes there (else beside what was copied). */
    const pointerOverCanvas = (): { x: number; y: number } | undefined => {
      const canvas = document.querySelector('.react-flow')?.getBoundingClientRect();
      const at = pointer.current;
      return canvas && at && at.x >= canvas.left && at.x <= canvas.right && at.y >= canvas.top && at.y <= canvas.bottom ? at : undefined;
    };
    const onCopy = (event: ClipboardEvent, cut: boolean): void => {
      if (typingIn(event.target) || selectingText() || modalOpen() || !event.clipboardData) return;
      const state = store.getState();
      const text = copyNodes(state.document, state.selection.nodes, state.selection.frames);
      if (!text) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
      const count = state.selection.nodes.length;
      if (cut) {
        // What was copied goes, as Delete takes it: the selected frames with the nodes.
        state.dispatch({ kind: 'remove', nodes: state.selection.nodes, frames: state.selection.frames });
        state.setSelection(EMPTY_SELECTION);
      }
      state.say(`${cut ? 'Cut' : 'Copied'} ${count} node${count === 1 ? '' : 's'}`);
    };
    const onPaste = (event: ClipboardEvent): void => {
      if (typingIn(event.target) || modalOpen()) return;
      const text = event.clipboardData?.getData('text/plain');
      if (!text) return;
      event.preventDefault();
      // A share link opens as a document of its own (after asking about unsaved work).
      if (isShareLink(text)) {
        void controller.openLink(text);
        return;
      }
      const state = store.getState();
      let originals: readonly string[] = [];
      const result = pasteNodes(state.document, text, (copied, frames) => {
        originals = copied.map((node) => node.id);
        return pastePosition(flow, copied, pointerOverCanvas(), frames);
      });
      if (!result.ok) {
        state.say(`Nothing pasted: ${result.error}`, 'error');
        return;
      }
      state.dispatch(result.command);
      expectCopiesLike(flow, originals, result.nodes);
      state.setSelection({ ...EMPTY_SELECTION, nodes: result.nodes, frames: result.frames });
      state.say(`Pasted ${result.nodes.length} node${result.nodes.length === 1 ? '' : 's'}`);
    };
    const copy = (event: ClipboardEvent): void => onCopy(event, false);
    const cut = (event: ClipboardEvent): void => onCopy(event, true);
    window.addEventListener('pointermove', onPointer, { passive: true });
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('pointermove', onPointer);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [store, flow, modalOpen, controller]);

  return dropping ? (
    <div className="drop-overlay" aria-hidden="true">
      <div>Drop a .convolab.json file, or a PNG Convolab exported, to open it</div>
    </div>
  ) : null;
}
