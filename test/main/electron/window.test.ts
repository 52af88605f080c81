import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardClose } from '../../../src-main/electron/window';

function fakes() {
  const window = Object.assign(new EventEmitter(), { close: vi.fn() });
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  const requestClose = vi.fn();
  const guard = guardClose(window, app, requestClose);
  const close = () => {
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { window, app, requestClose, guard, close };
}

describe('closing a window with unsaved changes', () => {
  it('closes at once when everything is saved', () => {
    const { close, requestClose } = fakes();
    expect(close()).toBe(false);
    expect(requestClose).not.toHaveBeenCalled();
  });

  it('holds the close and asks the renderer while there are unsaved changes', () => {
    const { close, requestClose, guard, window } = fakes();
    guard.setDirty(true);
    expect(close()).toBe(true);
    expect(requestClose).toHaveBeenCalledTimes(1);
    // Cancelled in the renderer: nothing happens; the window stays.
    expect(window.close).not.toHaveBeenCalled();
    guard.setDirty(false);
    expect(close()).toBe(false);
  });

  it('closes when the renderer agrees, without asking again', () => {
    const { close, guard, window, requestClose } = fakes();
    guard.setDirty(true);
    close();
    guard.allow();
    expect(window.close).toHaveBeenCalledTimes(1);
    expect(close()).toBe(false);
    expect(requestClose).toHaveBeenCalledTimes(1);
  });

  it('goes on quitting after the renderer agrees, if a quit asked for the close', () => {
    const { close, guard, app } = fakes();
    guard.setDirty(true);
    app.emit('before-quit');
    expect(close()).toBe(true);
    guard.allow();
    expect(app.quit).toHaveBeenCalledTimes(1);
  });

  it('does not quit when only the window was closed', () => {
    const { close, guard, app } = fakes();
    guard.setDirty(true);
    close();
    guard.allow();
    expect(app.quit).not.toHaveBeenCalled();
  });
});
