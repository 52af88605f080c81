import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppApi } from '../../src-shared/protocol';
import type { LocalFilePickers } from '../bridge/web-host/files';
import type { FileController, FileSessionState } from './controller';
import type { Dialogs, DialogsState } from './dialogQueue';

export interface FilesContextValue {
  readonly api: AppApi;
  readonly mode: 'electron' | 'browser';
  readonly controller: FileController;
  readonly dialogs: Dialogs;
  /** The host's own file pickers (the web build), used instead of the served folder's. */
  readonly pickers?: LocalFilePickers;
}

export const FilesContext = createContext<FilesContextValue | null>(null);

export function useFiles(): FilesContextValue {
  const value = useContext(FilesContext);
  if (!value) throw new Error('useFiles outside <FilesContext.Provider>');
  return value;
}

export function useFileSession<T>(selector: (state: FileSessionState) => T): T {
  return useStore(useFiles().controller.session, selector);
}

export function useDialogs<T>(selector: (state: DialogsState) => T): T {
  return useStore(useFiles().dialogs.store, selector);
}
