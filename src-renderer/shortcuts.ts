/**
 * Every keyboard shortcut of the editor in one place, each key test beside what it does (as
 * Excalidraw keeps an action's `keyTest` beside its `perform`). The canvas and the browser's File
 * keys are handled from these lists, and the shortcut help, the File menu and the tooltips show
 * their `keys`, so what the help says is what the keys do.
 */
import type { useReactFlow } from '@xyflow/react';
import { framesOf } from '../src-shared/graph/frames';
import { stepFind, useFindStore } from './canvas/findState';
import { tidyUp } from './canvas/arrange';
import { groupSelection, ungroupSelection } from './canvas/blockActions';
import { duplicateSelection } from './canvas/flowPlacement';
import { FRAME_PREFIX } from './canvas/frameNodeIds';
import { userFramed } from './canvas/framing';
import { FIT_VIEW_OPTIONS } from './canvas/viewport';
import { toggleSide } from './workspace/sidePanels';
import { EMPTY_SELECTION, type EditorStore } from './store/document';

export interface Shortcut {
  readonly name: string;
  /** How the help, menus and tooltips write the keys (`Ctrl+D`; ⌘D on a Mac). */
  readonly keys: string;
  /** Other keys that do the same, shown in the help only. */
  readonly alsoKeys?: readonly string[];
  /** What it does, as the help says it. */
  readonly label: string;
}

export interface KeyAction<Context> extends Shortcut {
  readonly keyTest: (event: KeyboardEvent) => boolean;
  /** Also while typing in a text field: keys that edit no text (Ctrl+F, F3) work everywhere. */
  readonly whileTyping?: boolean;
  /** Only with focus on the canvas or on nothing: on a control the key keeps its own meaning (Tab moves focus on). */
  readonly canvasFocusOnly?: boolean;
  /** Does it; false when there was nothing to do, so the key keeps its default. */
  readonly perform: (context: Context) => void | false;
}

/** Ctrl, or ⌘ on a Mac. */
function mod(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

function key(event: KeyboardEvent): string {
  return event.key.toLowerCase();
}

export interface CanvasContext {
  readonly store: EditorStore;
  readonly flow: ReturnType<typeof useReactFlow>;
  openQuickAdd(): void;
  closeQuickAdd(): void;
  /** Selects a node and brings it into view (canvas/showNode.ts). */
  frameNode(id: string): void;
}

/** F3 and Shift+F3: open the find bar if it is closed, and step through its matches. */
function findAgain({ store, frameNode }: CanvasContext, step: 1 | -1): void {
  const find = useFindStore.getState();
  if (!find.open) find.show();
  stepFind(store.getState(), step, frameNode);
}

/**
 * Delete (the key and the node menu): the selected nodes with their wires, the selected wires and
 * frames, as one edit; false when nothing is selected.
 */
export function deleteSelection(store: EditorStore): void | false {
  const state = store.getState();
  const { nodes, edges, frames } = state.selection;
  if (nodes.length + edges.length + frames.length === 0) return false;
  state.dispatch({ kind: 'remove', nodes, edges, frames });
  state.setSelection(EMPTY_SELECTION);
}

/** The canvas's keys (everywhere but in a text field, whose own editing keys win, unless `whileTyping`). */
export const CANVAS_SHORTCUTS: readonly KeyAction<CanvasContext>[] = [
  {
    name: 'quickAdd',
    keys: 'Tab',
    label: 'add a node',
    // Tab, not Space: Space held down pans the canvas (React Flow's default).
    // Shift+Tab keeps its meaning everywhere: with focus on the canvas or on nothing, Tab always
    // opened quick add, and it was the only way a keyboard could leave the canvas.
    keyTest: (event) => !mod(event) && !event.shiftKey && key(event) === 'tab',
    // On a button, a slider or a checkbox Tab moves focus on, or no control could be left by keyboard.
    canvasFocusOnly: true,
    perform: ({ openQuickAdd }) => openQuickAdd(),
  },
  {
    name: 'duplicate',
    keys: 'Ctrl+D',
    label: 'duplicate',
    keyTest: (event) => mod(event) && key(event) === 'd',
    perform: ({ store, flow }) => duplicateSelection(store, flow),
  },
  {
    name: 'selectAll',
    keys: 'Ctrl+A',
    label: 'select all',
    keyTest: (event) => mod(event) && key(event) === 'a',
    perform: ({ store }) => {
      const { document, setSelection } = store.getState();
      setSelection({
        nodes: document.nodes.map((node) => node.id),
        edges: document.edges.map((edge) => edge.id),
        frames: framesOf(document).map((frame) => frame.id),
      });
    },
  },
  {
    name: 'delete',
    keys: 'Del',
    label: 'delete',
    keyTest: (event) => !mod(event) && (key(event) === 'delete' || key(event) === 'backspace'),
    perform: ({ store }) => deleteSelection(store),
  },
  {
    name: 'group',
    keys: 'Ctrl+G',
    label: 'group the selection as a block',
    keyTest: (event) => mod(event) && !event.altKey && !event.shiftKey && key(event) === 'g',
    perform: ({ store, flow }) => groupSelection(store, flow),
  },
  {
    name: 'ungroup',
    keys: 'Shift+Ctrl+G',
    label: 'ungroup a block',
    keyTest: (event) => mod(event) && !event.altKey && event.shiftKey && key(event) === 'g',
    perform: ({ store }) => ungroupSelection(store),
  },
  {
    name: 'undo',
    keys: 'Ctrl+Z',
    label: 'undo',
    keyTest: (event) => mod(event) && !event.shiftKey && key(event) === 'z',
    perform: ({ store }) => store.getState().undo(),
  },
  {
    name: 'redo',
    keys: 'Shift+Ctrl+Z',
    alsoKeys: ['Ctrl+Y'],
    label: 'redo',
    keyTest: (event) => mod(event) && ((event.shiftKey && key(event) === 'z') || key(event) === 'y'),
    perform: ({ store }) => store.getState().redo(),
  },
  {
    name: 'tidyUp',
    keys: 'Shift+L',
    label: 'tidy up (lay out by data flow)',
    keyTest: (event) => !mod(event) && !event.altKey && event.shiftKey && key(event) === 'l',
    perform: ({ store, flow }) => tidyUp(store, flow),
  },
  {
    name: 'fit',
    keys: 'F',
    label: 'fit the graph',
    keyTest: (event) => !mod(event) && !event.altKey && key(event) === 'f',
    perform: ({ flow }) => {
      userFramed();
      void flow.fitView(FIT_VIEW_OPTIONS);
    },
  },
  {
    name: 'fitSelection',
    keys: '.',
    label: 'fit the selection (the whole graph when nothing is selected)',
    keyTest: (event) => !mod(event) && !event.altKey && key(event) === '.',
    perform: ({ store, flow }) => {
      const { nodes, frames } = store.getState().selection;
      const ids = [...nodes, ...frames.map((id) => FRAME_PREFIX + id)];
      userFramed();
      void flow.fitView(ids.length > 0 ? { ...FIT_VIEW_OPTIONS, nodes: ids.map((id) => ({ id })) } : FIT_VIEW_OPTIONS);
    },
  },
  {
    name: 'find',
    keys: 'Ctrl+F',
    label: 'find nodes by id, label, type or value',
    whileTyping: true,
    keyTest: (event) => mod(event) && !event.altKey && !event.shiftKey && key(event) === 'f',
    perform: () => useFindStore.getState().show(),
  },
  {
    name: 'findNext',
    keys: 'F3',
    label: 'next match (Enter in the find bar)',
    whileTyping: true,
    keyTest: (event) => !mod(event) && !event.altKey && !event.shiftKey && key(event) === 'f3',
    perform: (context) => findAgain(context, 1),
  },
  {
    name: 'findPrevious',
    keys: 'Shift+F3',
    label: 'previous match (Shift+Enter)',
    whileTyping: true,
    keyTest: (event) => !mod(event) && !event.altKey && event.shiftKey && key(event) === 'f3',
    perform: (context) => findAgain(context, -1),
  },
  {
    name: 'togglePalette',
    keys: 'Ctrl+B',
    label: 'collapse or expand the node palette',
    // It edits no text: from the palette's search field too, which then gives focus to its strip.
    whileTyping: true,
    keyTest: (event) => mod(event) && !event.altKey && !event.shiftKey && key(event) === 'b',
    perform: () => toggleSide('palette'),
  },
  {
    name: 'toggleInspector',
    keys: 'Alt+Ctrl+B',
    label: 'collapse or expand the inspector',
    whileTyping: true,
    // On a Mac, Option turns B into ∫: the key's place says it. AltGr (Ctrl+Alt elsewhere) types
    // its own character, whose key is not b, so it still types.
    keyTest: (event) => mod(event) && event.altKey && !event.shiftKey && (key(event) === 'b' || (event.metaKey && event.code === 'KeyB')),
    perform: () => toggleSide('inspector'),
  },
  {
    name: 'escape',
    keys: 'Esc',
    label: 'clear the selection, close quick add and find; then leave an opened block (one level)',
    keyTest: (event) => key(event) === 'escape',
    perform: ({ store, closeQuickAdd }) => {
      closeQuickAdd();
      const state = store.getState();
      const find = useFindStore.getState();
      const { nodes, edges, frames } = state.selection;
      // Inside a block, an Escape nothing else takes goes one level out (to the block around it, or the graph).
      if (state.openBlock !== undefined && !find.open && nodes.length + edges.length + frames.length === 0) {
        state.leaveBlock();
        return;
      }
      find.hide();
      state.setSelection(EMPTY_SELECTION);
    },
  },
];

export type FileCommandKind = 'new' | 'open' | 'save' | 'saveAs';

export interface FileContext {
  run(command: { kind: FileCommandKind }): void;
}

/** The File menu's keys in the browser, which has no native menu (the desktop's menu has its own). */
export const FILE_SHORTCUTS: readonly (KeyAction<FileContext> & { readonly name: FileCommandKind })[] = [
  {
    name: 'new',
    // Ctrl+N belongs to the browser (a new window), so New is Alt+N there; Ctrl+N where it gets through.
    keys: 'Alt+N',
    label: 'new graph',
    keyTest: (event) => (mod(event) || event.altKey) && !(mod(event) && event.altKey) && !event.shiftKey && key(event) === 'n',
    perform: ({ run }) => run({ kind: 'new' }),
  },
  {
    name: 'open',
    keys: 'Ctrl+O',
    label: 'open a graph',
    keyTest: (event) => mod(event) && !event.altKey && !event.shiftKey && key(event) === 'o',
    perform: ({ run }) => run({ kind: 'open' }),
  },
  {
    name: 'save',
    keys: 'Ctrl+S',
    label: 'save',
    keyTest: (event) => mod(event) && !event.altKey && !event.shiftKey && key(event) === 's',
    perform: ({ run }) => run({ kind: 'save' }),
  },
  {
    name: 'saveAs',
    keys: 'Shift+Ctrl+S',
    label: 'save as',
    keyTest: (event) => mod(event) && !event.altKey && event.shiftKey && key(event) === 's',
    perform: ({ run }) => run({ kind: 'saveAs' }),
  },
];

/**
 * What the mouse does, and the clipboard's keys (the browser's own copy, cut and paste events,
 * handled in files/FileEvents.tsx): in the help, with no key test here.
 */
export const GESTURES: readonly Shortcut[] = [
  { name: 'addAtPoint', keys: 'Double-click', label: 'add a node' },
  { name: 'boxSelect', keys: 'Shift+drag', label: 'box select' },
  { name: 'addToSelection', keys: 'Shift+click', label: 'add to the selection' },
  { name: 'nudge', keys: 'Arrows', label: 'move the clicked selection (Shift: farther)' },
  { name: 'pan', keys: 'Drag the canvas', label: 'pan (wheel zooms)' },
  { name: 'moveWire', keys: "Drag a wire's end", label: 'move it; drop on the canvas to remove' },
  { name: 'copy', keys: 'Ctrl+C', label: 'copy nodes' },
  { name: 'cut', keys: 'Ctrl+X', label: 'cut nodes' },
  { name: 'paste', keys: 'Ctrl+V', label: 'paste nodes' },
];

/**
 * The help's rows: the gestures, then the canvas's keys; entries that do the same thing share a
 * row (double-click and Tab both add a node).
 */
export function shortcutHelp(): { keys: string; label: string }[] {
  const rows: { keys: string; label: string }[] = [];
  for (const shortcut of [...GESTURES, ...CANVAS_SHORTCUTS]) {
    const keys = [shortcut.keys, ...(shortcut.alsoKeys ?? [])].map(keysText).join(', ');
    const same = rows.find((row) => row.label === shortcut.label);
    if (same) same.keys = `${same.keys}, ${keys}`;
    else rows.push({ keys, label: shortcut.label });
  }
  return rows;
}

/** The keys of shortcut `name` as this platform writes them (for a tooltip or a menu). */
export function keysOf(name: string): string {
  const shortcut = [...CANVAS_SHORTCUTS, ...FILE_SHORTCUTS, ...GESTURES].find((candidate) => candidate.name === name);
  if (!shortcut) throw new Error(`no shortcut named ${name}`);
  return keysText(shortcut.keys);
}

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How keys are written on this platform: `Ctrl+S`, `⌘S`. */
export function keysText(keys: string): string {
  return mac ? keys.replace('Shift+Ctrl+', '⇧⌘').replace('Ctrl+', '⌘').replace('Alt+', '⌥') : keys;
}
