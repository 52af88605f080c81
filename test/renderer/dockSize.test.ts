import { describe, expect, it } from 'vitest';
import { clampDockHeight, MIN_DOCK_HEIGHT, readDockSize, RESERVED_ABOVE_DOCK } from '../../src-renderer/views/dockSize';

describe('clampDockHeight', () => {
  it('keeps a height that fits the window as it is', () => {
    expect(clampDockHeight(300, 900)).toBe(300);
  });

  it('never lets the dock squeeze the canvas out of the window', () => {
    expect(clampDockHeight(5000, 900)).toBe(900 - RESERVED_ABOVE_DOCK);
  });

  it('never shrinks the dock below its smallest useful height', () => {
    expect(clampDockHeight(10, 900)).toBe(MIN_DOCK_HEIGHT);
    expect(clampDockHeight(-400, 900)).toBe(MIN_DOCK_HEIGHT);
  });

  it('keeps the smallest dock even in a window too short for both', () => {
    expect(clampDockHeight(400, 300)).toBe(MIN_DOCK_HEIGHT);
  });
});

describe('readDockSize', () => {
  it('reads back what was stored', () => {
    expect(readDockSize(JSON.stringify({ height: 333, collapsed: true }))).toEqual({ height: 333, collapsed: true });
  });

  it('falls back to the default for missing, broken or strange storage', () => {
    for (const text of [null, '', '{', '42', 'null', JSON.stringify({ height: 'tall', collapsed: 'yes' })]) {
      expect(readDockSize(text)).toEqual({ collapsed: false });
    }
  });
});
