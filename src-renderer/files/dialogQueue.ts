/**
 * The page's own dialogs, as promises: the file controller awaits an answer and the dialog layer
 * (Dialogs.tsx) draws whichever dialog is on top. Used in the browser for everything the desktop
 * asks natively, and in both for the gallery, restoring backups, alerts and Revert.
 */
import { createStore } from 'zustand/vanilla';
import type { SaveChoice } from '../../src-shared/protocol';

export type DialogRequest =
  | { readonly kind: 'askToSave'; readonly name: string }
  | { readonly kind: 'confirm'; readonly question: string; readonly detail: string; readonly action: string }
  | { readonly kind: 'alert'; readonly title: string; readonly message: string }
  /** The file browser over the served folder: pick a graph to open, or where to save one. */
  | { readonly kind: 'browse'; readonly mode: 'open' | 'save'; readonly suggestedName?: string };

export type DialogAnswer<R extends DialogRequest> = R extends { kind: 'askToSave' }
  ? SaveChoice
  : R extends { kind: 'confirm' }
    ? boolean
    : R extends { kind: 'browse' }
      ? string | undefined
      : void;

export interface OpenDialog {
  readonly id: number;
  readonly request: DialogRequest;
  readonly answer: (value: unknown) => void;
}

export interface DialogsState {
  readonly stack: readonly OpenDialog[];
  readonly gallery: boolean;
  readonly restore: boolean;
}

/** What a dialog closed without an answer (Escape, the close button) means. */
function dismissed(request: DialogRequest): unknown {
  switch (request.kind) {
    case 'askToSave':
      return 'cancel';
    case 'confirm':
      return false;
    default:
      return undefined;
  }
}

export function createDialogs() {
  let nextId = 1;
  const store = createStore<DialogsState>()(() => ({ stack: [], gallery: false, restore: false }));
  const close = (id: number): void => store.setState((state) => ({ stack: state.stack.filter((dialog) => dialog.id !== id) }));
  return {
    store,
    ask<R extends DialogRequest>(request: R): Promise<DialogAnswer<R>> {
      return new Promise((resolve) => {
        const id = nextId++;
        const answer = (value: unknown): void => {
          close(id);
          resolve(value as DialogAnswer<R>);
        };
        store.setState((state) => ({ stack: [...state.stack, { id, request, answer }] }));
      });
    },
    /** Closes the top dialog as if dismissed. */
    dismissTop(): boolean {
      const top = store.getState().stack.at(-1);
      if (!top) return false;
      top.answer(dismissed(top.request));
      return true;
    },
    showGallery(shown: boolean): void {
      store.setState({ gallery: shown });
    },
    showRestore(shown: boolean): void {
      store.setState({ restore: shown });
    },
  };
}

export type Dialogs = ReturnType<typeof createDialogs>;
