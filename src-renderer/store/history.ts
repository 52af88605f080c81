/**
 * Undo history as snapshots of the document before each entry. One entry per user gesture: a
 * command dispatched with a gesture key that is still open (the same slider, still held; the same
 * text field, still focused) folds into the entry that gesture opened.
 */
import type { GraphDocument } from '../../src-shared/graph/document';
import { applyCommand, type Command } from './commands';

export interface History {
  readonly present: GraphDocument;
  /** Documents before each undoable entry, oldest first. */
  readonly past: readonly GraphDocument[];
  /** Documents undone, the next redo last. */
  readonly future: readonly GraphDocument[];
  /** The gesture whose entry is still open, if any. */
  readonly gesture?: string;
}

export const HISTORY_LIMIT = 500;

export function startHistory(document: GraphDocument): History {
  return { present: document, past: [], future: [] };
}

/** Applies a command as (part of) one undoable entry; a command that changes nothing is dropped. */
export function record(history: History, command: Command, gesture?: string): History {
  const next = applyCommand(history.present, command);
  if (next === history.present) return history;
  if (gesture !== undefined && gesture === history.gesture) {
    return { ...history, present: next, future: [] };
  }
  const past = [...history.past, history.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { present: next, past, future: [], ...(gesture !== undefined ? { gesture } : {}) };
}

/**
 * The document replaced as one undoable entry (a lesson started over): undo brings back the one
 * replaced. The same history when `document` is the present.
 */
export function replaceAsEntry(history: History, document: GraphDocument): History {
  if (document === history.present) return history;
  const past = [...history.past, history.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { present: document, past, future: [] };
}

/** Closes the open gesture, so the next command starts a new entry. */
export function endGesture(history: History): History {
  if (history.gesture === undefined) return history;
  const { gesture: _closed, ...rest } = history;
  return rest;
}

export function undo(history: History): History {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return endGesture(history);
  return { present: previous, past: history.past.slice(0, -1), future: [...history.future, history.present] };
}

export function redo(history: History): History {
  const next = history.future[history.future.length - 1];
  if (next === undefined) return endGesture(history);
  return { present: next, past: [...history.past, history.present], future: history.future.slice(0, -1) };
}
