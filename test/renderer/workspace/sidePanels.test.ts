/**
 * The side panels' widths (src-renderer/workspace/sidePanels.ts): the canvas between them keeps its
 * width while the window allows, a narrower window narrows the panels without going under their
 * least, and a drag is held between the panel's least and what leaves the canvas its width.
 */
import { describe, expect, it } from 'vitest';
import { clampSideWidth, firstPaletteState, MIN_CANVAS_WIDTH, mostSideWidth, NARROW_WINDOW, SIDES, sideWidths, STRIP_WIDTH } from '../../../src-renderer/workspace/sidePanels';

const expanded = (size?: number) => ({ collapsed: false, ...(size === undefined ? {} : { size }) });
const collapsed = (size?: number) => ({ collapsed: true, ...(size === undefined ? {} : { size }) });

describe('sideWidths', () => {
  it('draws each panel at its standard width before the user chose one', () => {
    expect(sideWidths(expanded(), expanded(), 1400)).toEqual({ palette: SIDES.palette.standard, inspector: SIDES.inspector.standard });
  });

  it('draws a collapsed panel as its strip, whatever width it keeps for later', () => {
    expect(sideWidths(collapsed(400), expanded(), 1400)).toEqual({ palette: STRIP_WIDTH, inspector: SIDES.inspector.standard });
    expect(sideWidths(expanded(), collapsed(), 1400)).toEqual({ palette: SIDES.palette.standard, inspector: STRIP_WIDTH });
  });

  it('never draws an expanded panel under its least, whatever was stored', () => {
    expect(sideWidths(expanded(10), expanded(-300), 1400)).toEqual({ palette: SIDES.palette.least, inspector: SIDES.inspector.least });
  });

  it('narrows wide panels in a narrow window so the canvas keeps its width, each by what it has over its least', () => {
    // 960 − 360 = 600 for both; 400 + 400 asks 200 more: the palette has 240 over its least, the inspector 160.
    const widths = sideWidths(expanded(400), expanded(400), 960);
    expect(widths.palette + widths.inspector).toBe(960 - MIN_CANVAS_WIDTH);
    expect(widths).toEqual({ palette: 280, inspector: 320 });
  });

  it('gives a collapsed panel\'s room to the canvas and to the other panel', () => {
    expect(sideWidths(collapsed(), expanded(700), 960)).toEqual({ palette: STRIP_WIDTH, inspector: 960 - MIN_CANVAS_WIDTH - STRIP_WIDTH });
  });

  it('keeps both panels at their least in a window smaller than the panels and the canvas together', () => {
    expect(sideWidths(expanded(), expanded(), 500)).toEqual({ palette: SIDES.palette.least, inspector: SIDES.inspector.least });
    expect(sideWidths(expanded(900), expanded(900), 300)).toEqual({ palette: SIDES.palette.least, inspector: SIDES.inspector.least });
    expect(sideWidths(collapsed(), collapsed(), 100)).toEqual({ palette: STRIP_WIDTH, inspector: STRIP_WIDTH });
  });
});

describe('clampSideWidth', () => {
  it('keeps a width that leaves the canvas its room as it is', () => {
    expect(clampSideWidth('palette', 260, 300, 1400)).toBe(260);
  });

  it('stops a drag where the canvas would get narrower than its least', () => {
    expect(mostSideWidth('palette', 300, 960)).toBe(960 - MIN_CANVAS_WIDTH - 300);
    expect(clampSideWidth('palette', 5000, 300, 960)).toBe(960 - MIN_CANVAS_WIDTH - 300);
    expect(clampSideWidth('inspector', 5000, STRIP_WIDTH, 960)).toBe(960 - MIN_CANVAS_WIDTH - STRIP_WIDTH);
  });

  it('stops a drag at the panel\'s least width', () => {
    expect(clampSideWidth('inspector', 3, 200, 1400)).toBe(SIDES.inspector.least);
    expect(clampSideWidth('palette', -80, 200, 1400)).toBe(SIDES.palette.least);
  });

  it('keeps the least width in a window too narrow for it', () => {
    expect(clampSideWidth('palette', 400, 300, 600)).toBe(SIDES.palette.least);
    expect(mostSideWidth('inspector', 300, 400)).toBe(SIDES.inspector.least);
  });
});

describe('firstPaletteState', () => {
  it('starts the palette collapsed in a narrow window, expanded in a wider one', () => {
    expect(firstPaletteState(960)).toEqual({ collapsed: true });
    expect(firstPaletteState(NARROW_WINDOW - 1)).toEqual({ collapsed: true });
    expect(firstPaletteState(NARROW_WINDOW)).toEqual({ collapsed: false });
    expect(firstPaletteState(1400)).toEqual({ collapsed: false });
  });
});
