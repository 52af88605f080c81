/**
 * Puts the file controller, the page's dialogs and the API in reach of the file UI, and asks the
 * host at start what to offer: unsaved work from an earlier session first, else the examples
 * gallery on the very first start. A share link in the page's address (`#graph=…`) opens as an
 * untitled copy, at start and whenever the fragment changes.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isShareLink } from '../../src-shared/io/share-link';
import type { AppApi } from '../../src-shared/protocol';
import { localFilePickers } from '../bridge';
import { useEditorStore } from '../store/context';
import { FileController, type FileUi } from './controller';
import { FilesContext, type FilesContextValue } from './context';
import { createDialogs } from './dialogQueue';

const SESSION_KEY = 'convolab.session';

/** This tab's or window's id for its backup, kept across reloads (so a reload offers its own work back). */
function sessionId(): string {
  const make = (): string => (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
  try {
    const known = sessionStorage.getItem(SESSION_KEY);
    if (known && /^[A-Za-z0-9_-]{1,64}$/.test(known)) return known;
    const fresh = make();
    sessionStorage.setItem(SESSION_KEY, fresh);
    return fresh;
  } catch {
    return make();
  }
}

export function FilesProvider({ api, children }: { api: AppApi; children: ReactNode }) {
  const store = useEditorStore();
  const [value] = useState<FilesContextValue>(() => {
    const mode = window.convolab ? 'electron' : 'browser';
    const dialogs = createDialogs();
    const pickers = localFilePickers();
    const ui: FileUi = {
      askToSave: (name) => dialogs.ask({ kind: 'askToSave', name }),
      confirm: (question, detail, action) => dialogs.ask({ kind: 'confirm', question, detail, action }),
      // The web build picks files on this computer; serve browses its folder in the page.
      chooseOpenPath: () => pickers?.chooseOpenPath() ?? dialogs.ask({ kind: 'browse', mode: 'open' }),
      chooseSavePath: (suggestedName) => pickers?.chooseSavePath(suggestedName) ?? dialogs.ask({ kind: 'browse', mode: 'save', suggestedName }),
      alert: (title, message) => void dialogs.ask({ kind: 'alert', title, message }),
      notify: (text) => store.getState().say(text),
      setTitle: (title) => {
        document.title = title;
      },
    };
    const controller = new FileController(api, store, ui, { mode, sessionId: sessionId() });
    return { api, mode, controller, dialogs, ...(pickers ? { pickers } : {}) };
  });
  const started = useRef(false);
  // The address the page loaded with: a link put in it later is the hashchange's to open.
  const startHash = useRef(window.location.hash);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    value.controller.start().then(
      async (state) => {
        // A share link in the address opens first; unsaved work from before is still offered.
        const linked = await value.controller.openStartLink(startHash.current);
        if (state.backups.length > 0) value.dialogs.showRestore(true);
        else if (state.firstStart && !linked) value.dialogs.showGallery(true);
      },
      (error: unknown) => store.getState().say(`Could not read the recent files and backups: ${error instanceof Error ? error.message : String(error)}`, 'error'),
    );
  }, [value, store]);
  // A link pasted into the address bar of an open page changes only the fragment.
  useEffect(() => {
    const onHash = (): void => {
      if (isShareLink(window.location.hash)) void value.controller.openLink(window.location.hash);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [value]);
  return <FilesContext.Provider value={value}>{children}</FilesContext.Provider>;
}
