/**
 * The side panels' widths: the node palette on the left, the inspector on the right. Each can be
 * dragged wider or narrower by its edge toward the canvas and collapsed to a strip, remembered
 * across reloads (panelState.ts); what they are drawn at is clamped so that the canvas between
 * them keeps a usable width, and a narrower window narrows them without forgetting the width chosen.
 */
import { clampSize, createPanelStore, type PanelState } from './panelState';

export type Side = 'palette' | 'inspector';

export interface SideSpec {
  /** The narrowest the panel is drawn while expanded (px). */
  readonly least: number;
  /** Its width before the user has chosen one (px). */
  readonly standard: number;
  /** What the panel is called in its buttons and tooltips. */
  readonly title: string;
  /** Its name on the collapsed strip. */
  readonly strip: string;
}

export const SIDES: Readonly<Record<Side, SideSpec>> = {
  palette: { least: 160, standard: 200, title: 'node palette', strip: 'Nodes' },
  inspector: { least: 240, standard: 300, title: 'inspector', strip: 'Inspector' },
};

/** The width the canvas keeps between the side panels, as far as the window allows (px). */
export const MIN_CANVAS_WIDTH = 360;
/** A collapsed panel's strip, which brings it back (px). */
export const STRIP_WIDTH = 22;

/** The columns drawn for both side panels (px): a strip when collapsed. */
export interface SideWidths {
  readonly palette: number;
  readonly inspector: number;
}

/** What a panel asks for: its strip, or its chosen (or standard) width, never under its least. */
function wanted(state: PanelState, spec: SideSpec): number {
  return state.collapsed ? STRIP_WIDTH : Math.round(Math.max(spec.least, state.size ?? spec.standard));
}

/**
 * The side panels' widths in a window `windowWidth` wide. When the two would leave the canvas
 * less than MIN_CANVAS_WIDTH, the expanded ones give up the room over their least width, each in
 * proportion to what it has over its least; in a window too narrow even for that, both stay at
 * their least and the canvas takes what is left.
 */
export function sideWidths(palette: PanelState, inspector: PanelState, windowWidth: number): SideWidths {
  const left = wanted(palette, SIDES.palette);
  const right = wanted(inspector, SIDES.inspector);
  const over = left + right - (windowWidth - MIN_CANVAS_WIDTH);
  if (over <= 0) return { palette: left, inspector: right };
  const leftSpare = palette.collapsed ? 0 : left - SIDES.palette.least;
  const rightSpare = inspector.collapsed ? 0 : right - SIDES.inspector.least;
  const spare = leftSpare + rightSpare;
  if (spare === 0) return { palette: left, inspector: right };
  const cut = Math.min(over, spare);
  const leftCut = Math.round((cut * leftSpare) / spare);
  return { palette: left - leftCut, inspector: right - (cut - leftCut) };
}

/** The widest panel `side` may be dragged to, beside the other drawn `otherWidth` wide (px). */
export function mostSideWidth(side: Side, otherWidth: number, windowWidth: number): number {
  return Math.max(SIDES[side].least, windowWidth - MIN_CANVAS_WIDTH - otherWidth);
}

/** A width dragged to, kept between the panel's least and what leaves the canvas its width. */
export function clampSideWidth(side: Side, width: number, otherWidth: number, windowWidth: number): number {
  return clampSize(width, SIDES[side].least, mostSideWidth(side, otherWidth, windowWidth));
}

/** A window narrower than this starts with the palette collapsed, until the user says otherwise (px). */
export const NARROW_WINDOW = 1024;

/**
 * The palette's state before the user has chosen one: collapsed in a narrow window, where the
 * canvas needs the room more (nodes are still added by double-click, Tab or + Node, and its
 * strip says where it went). The inspector stays: it explains what a lesson's step selects.
 */
export function firstPaletteState(windowWidth: number): PanelState {
  return { collapsed: windowWidth < NARROW_WINDOW };
}

/** Each side panel's state, remembered under its own key. */
export const SIDE_STATES = {
  palette: createPanelStore('convolab.palette', 'width', {
    // globalThis: a module loaded without a window (a unit test) takes the wide default.
    firstState: () => firstPaletteState((globalThis as { innerWidth?: number }).innerWidth ?? Infinity),
  }),
  inspector: createPanelStore('convolab.inspector', 'width'),
} as const;

/** Collapses or expands side panel `side` (its button, its strip, its shortcut). */
export function toggleSide(side: Side): void {
  SIDE_STATES[side].getState().toggle();
}
