/**
 * A node's context menu (right click): copy, cut, duplicate, delete, and its exports. Listens on
 * the window for right clicks on a node, so the canvas needs no hook of its own for it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { duplicateSelection } from '../canvas/Canvas';
import { useEditor, useEditorStore } from '../store/context';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { copyNodes } from './clipboard';
import { useFiles } from './context';
import { deliveredWords } from './deliver';
import { exportActions, runExport, type ExportAction } from './exportActions';
import { BlockSection } from './BlockMenu';
import { LibrarySection } from '../library/LibraryMenu';
import { RewriteSection, useRewriteChoices } from './RewriteMenu';
import { deleteSelection, keysOf } from '../shortcuts';
import { countRender } from '../renderCount';

/** Writes text to the system clipboard from a click (a user gesture). */
export async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  throw new Error('this page may not write to the clipboard: use Ctrl+C');
}

export function copySelection(store: EditorStore, cut: boolean): Promise<number> {
  const state = store.getState();
  const text = copyNodes(state.document, state.selection.nodes, state.selection.frames);
  if (!text) return Promise.resolve(0);
  const count = state.selection.nodes.length;
  return writeClipboard(text).then(() => {
    if (cut) {
      state.dispatch({ kind: 'remove', nodes: state.selection.nodes, frames: state.selection.frames });
      state.setSelection(EMPTY_SELECTION);
    }
    return count;
  });
}

/** A node's exports, re-rendering only when they change (the selector answers one string). */
function useExportActions(nodeId: string | undefined): ExportAction[] {
  const key = useEditor((state) => (nodeId ? JSON.stringify(exportActions(state, nodeId)) : '[]'));
  return useMemo(() => JSON.parse(key) as ExportAction[], [key]);
}

export function useExportRunner(): (nodeId: string, action: ExportAction) => Promise<void> {
  const { api, mode } = useFiles();
  const store = useEditorStore();
  return async (nodeId, action) => {
    const result = await runExport(api, mode, store.getState(), nodeId, action, store.getState);
    if (!result.ok) store.getState().say(`Export failed: ${result.error}`, 'error');
    else if (result.warning) store.getState().say(`${deliveredWords(mode, result.name ?? 'the picture')}, but ${result.warning}`, 'error');
    else if (result.name) store.getState().say(deliveredWords(mode, result.name));
  };
}

export function NodeMenu() {
  countRender('NodeMenu');
  const store = useEditorStore();
  const flow = useReactFlow();
  const [menu, setMenu] = useState<{ node: string; x: number; y: number }>();
  const actions = useExportActions(menu?.node);
  const rewrites = useRewriteChoices(menu?.node);
  const runExportAction = useExportRunner();

  useEffect(() => {
    const onContextMenu = (event: MouseEvent): void => {
      const element = (event.target as Element | null)?.closest?.('.cl-node[data-node-id]');
      if (!element) {
        setMenu(undefined);
        return;
      }
      event.preventDefault();
      const node = element.getAttribute('data-node-id')!;
      const state = store.getState();
      if (!state.selection.nodes.includes(node)) state.setSelection({ ...EMPTY_SELECTION, nodes: [node] });
      setMenu({ node, x: event.clientX, y: event.clientY });
    };
    window.addEventListener('contextmenu', onContextMenu);
    return () => window.removeEventListener('contextmenu', onContextMenu);
  }, [store]);

  useEffect(() => {
    if (!menu) return;
    const close = (event: Event): void => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event.type === 'pointerdown' && (event.target as Element | null)?.closest?.('.node-menu')) return;
      setMenu(undefined);
    };
    // Escape in the capture phase: on a node the canvas takes Escape for itself there (React Flow
    // would otherwise answer it on the focused node) and lets it go no further.
    window.addEventListener('pointerdown', close, true);
    window.addEventListener('keydown', close, true);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('pointerdown', close, true);
      window.removeEventListener('keydown', close, true);
      window.removeEventListener('blur', close);
    };
  }, [menu]);

  if (!menu) return null;
  const act = (action: () => unknown) => () => {
    setMenu(undefined);
    Promise.resolve(action()).catch((error: unknown) => store.getState().say(error instanceof Error ? error.message : String(error), 'error'));
  };
  const count = store.getState().selection.nodes.length;
  const plural = count > 1 ? ` ${count} nodes` : '';
  // Kept inside the window: a menu near the right or bottom edge opens towards the middle.
  const left = Math.min(menu.x, window.innerWidth - 230);
  const top = Math.min(menu.y, window.innerHeight - 60 - 28 * (6 + actions.length + rewrites.length));
  return (
    <div className="node-menu menu" role="menu" aria-label={`Node ${menu.node}`} style={{ left, top }}>
      <button type="button" role="menuitem" className="menu-item" onClick={act(() => copySelection(store, false).then((n) => store.getState().say(`Copied ${n} node${n === 1 ? '' : 's'}`)))}>
        <span>Copy{plural}</span>
        <kbd>{keysOf('copy')}</kbd>
      </button>
      <button type="button" role="menuitem" className="menu-item" onClick={act(() => copySelection(store, true))}>
        <span>Cut{plural}</span>
        <kbd>{keysOf('cut')}</kbd>
      </button>
      <button
        type="button"
        role="menuitem"
        className="menu-item"
        onClick={act(() => duplicateSelection(store, flow))}
      >
        <span>Duplicate{plural}</span>
        <kbd>{keysOf('duplicate')}</kbd>
      </button>
      <button
        type="button"
        role="menuitem"
        className="menu-item"
        onClick={act(() => deleteSelection(store))}
      >
        <span>Delete{plural}</span>
        <kbd>Del</kbd>
      </button>
      <BlockSection node={menu.node} plural={plural} onDone={act} />
      <LibrarySection node={menu.node} onDone={act} />
      <RewriteSection nodeId={menu.node} choices={rewrites} onDone={act} />
      {actions.length > 0 && <hr />}
      {actions.length > 0 && <div className="menu-heading">Export {menu.node}</div>}
      {actions.map((action) => (
        <button type="button" role="menuitem" key={action.key} className="menu-item" onClick={act(() => runExportAction(menu.node, action))}>
          <span>{action.label}…</span>
        </button>
      ))}
    </div>
  );
}

export function ExportSection({ nodeId }: { nodeId: string }) {
  const actions = useExportActions(nodeId);
  const running = useEditor((state) => state.nodeStates[nodeId]?.status === 'running');
  const runExportAction = useExportRunner();
  // While the node computes again its exports stay where they were, disabled: the section does
  // not vanish and come back (moving what is below it) at every param change of a slow node.
  const last = useRef<{ readonly nodeId: string; readonly actions: ExportAction[] }>(undefined);
  if (actions.length > 0) last.current = { nodeId, actions };
  const waiting = actions.length === 0 && running && last.current?.nodeId === nodeId;
  const shown = waiting ? last.current!.actions : actions;
  if (shown.length === 0) return null;
  return (
    <section className="inspector-export" aria-label="Export">
      <h3>Export</h3>
      <div className="export-buttons">
        {shown.map((action) => (
          <button
            type="button"
            key={action.key}
            className="small"
            disabled={waiting}
            title={waiting ? 'Computing: the export is ready when the node is' : undefined}
            onClick={() => void runExportAction(nodeId, action)}
          >
            {action.label}
          </button>
        ))}
      </div>
    </section>
  );
}
