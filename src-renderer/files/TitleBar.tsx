/**
 * The title bar: the document's name with its unsaved mark, the Examples, Lessons and Share
 * menus, and in the browser (which has no native menu) the File menu with the same commands and
 * shortcuts as the desktop's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { writeGraph } from '../../src-shared/graph/write';
import { useEditor, useEditorStore } from '../store/context';
import { isDirty, suggestedFileName } from './controller';
import { LessonMenu } from '../views/lesson/LessonMenu';
import { useFiles, useFileSession } from './context';
import { download } from './deliver';
import { keysOf } from '../shortcuts';
import { ShareMenu } from './ShareMenu';
import { useDismiss } from './useDismiss';
import { countRender } from '../renderCount';

function FileMenu() {
  const { controller, dialogs, pickers } = useFiles();
  const store = useEditorStore();
  const recent = useFileSession((state) => state.recent);
  const hasFile = useFileSession((state) => state.file !== undefined);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, box, close);
  useEffect(() => {
    if (open) void controller.refreshRecent();
  }, [open, controller]);

  const act = (action: () => unknown) => () => {
    setOpen(false);
    void action();
  };
  const item = (label: string, action: () => unknown, keys?: string, disabled = false) => (
    <button type="button" role="menuitem" className="menu-item" onClick={act(action)} disabled={disabled}>
      <span>{label}</span>
      {keys && <kbd>{keys}</kbd>}
    </button>
  );
  return (
    <div className="file-menu" ref={box}>
      <button type="button" className={`menu-button${open ? ' open' : ''}`} aria-label="File menu" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        File
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="File">
          {item('New', () => controller.newDocument(), keysOf('new'))}
          {item('Open…', () => controller.open(), keysOf('open'))}
          {/* A host with its own pickers (the web build) is never told where files live: no recents. */}
          {!pickers && (
            <div className="menu-group" role="group" aria-label="Open Recent">
              <div className="menu-heading">Open Recent</div>
              {recent.length === 0 && <div className="menu-empty">No recent files</div>}
              {recent.map((file) => (
                <button type="button" role="menuitem" key={file.path} className="menu-item recent" title={file.path} onClick={act(() => controller.openRecent(file.path))}>
                  <span>{file.path}</span>
                </button>
              ))}
              {recent.length > 0 && item('Clear Recent', () => controller.clearRecent())}
            </div>
          )}
          <hr />
          {item('Save', () => controller.run({ kind: 'save' }, () => undefined), keysOf('save'))}
          {item('Save As…', () => controller.run({ kind: 'saveAs' }, () => undefined), keysOf('saveAs'))}
          {item('Revert', () => controller.revert(), undefined, !hasFile)}
          <hr />
          {item('Download', () => download(suggestedFileName(controller.name), writeGraph(store.getState().document)))}
          {item('Export as Python…', () => controller.run({ kind: 'exportPython' }, () => undefined))}
          {item('Examples…', () => dialogs.showGallery(true))}
        </div>
      )}
    </div>
  );
}

export function TitleBar() {
  countRender('TitleBar');
  const { mode, dialogs } = useFiles();
  const name = useFileSession((state) => state.file?.name ?? state.untitledName);
  const path = useFileSession((state) => state.file?.path);
  const saved = useFileSession((state) => state.saved);
  const dirty = useEditor((state) => isDirty(state.document, { saved }));
  return (
    <header className="title-bar">
      <strong>Convolab</strong>
      {mode === 'browser' && <FileMenu />}
      <button type="button" className="menu-button" onClick={() => dialogs.showGallery(true)} title="The example graphs">
        Examples
      </button>
      <LessonMenu />
      <ShareMenu />
      <span className="document-name" data-dirty={dirty} title={path ?? 'not saved yet'}>
        {dirty && (
          <span className="unsaved-mark" aria-label="unsaved changes" title="unsaved changes">
            •
          </span>
        )}
        {name}
      </span>
      <span className="subtitle">see every wire</span>
    </header>
  );
}
