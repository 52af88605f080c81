/**
 * Closing a window with unsaved changes: the close is held back and the renderer is asked (it
 * shows Save / Don't Save / Cancel); only when it agrees does the window close, and a quit that
 * was waiting for it goes on.
 */
export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
}

export interface QuittingApp {
  on(event: 'before-quit', listener: () => void): unknown;
  quit(): void;
}

export interface CloseGuard {
  /** The renderer's document has unsaved changes (from setDocumentState). */
  setDirty(dirty: boolean): void;
  /** The renderer agreed: close now (and quit, if a quit asked for the close). */
  allow(): void;
}

export function guardClose(window: ClosableWindow, app: QuittingApp, requestClose: () => void): CloseGuard {
  let dirty = false;
  let allowed = false;
  let quitting = false;
  let quitAfterClose = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  window.on('close', (event) => {
    if (allowed || !dirty) return;
    event.preventDefault();
    // The quit stops here; it resumes only if the renderer lets the window close.
    quitAfterClose = quitting;
    quitting = false;
    requestClose();
  });
  return {
    setDirty(value) {
      dirty = value;
    },
    allow() {
      allowed = true;
      window.close();
      if (quitAfterClose) app.quit();
    },
  };
}
