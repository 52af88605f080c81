import { useEffect, type RefObject } from 'react';

/** The keys that move among a menu's items, as the ARIA menu pattern has them. */
const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/**
 * While `open`, a press outside `box` or Escape calls `close` (the title bar's menus and the
 * canvas toolbar's); Escape with the focus in the menu gives it back to the menu's button. With
 * the focus in `box` (on the menu's button, after Enter or Space opened it, or on an item), the
 * arrow keys, Home and End move it among the items that are enabled, so a menu works without a
 * mouse.
 */
export function useDismiss(open: boolean, box: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent): void => {
      if (!box.current?.contains(event.target as Node)) close();
    };
    const keys = (event: KeyboardEvent): void => {
      const root = box.current;
      const inside = root !== null && root.contains(document.activeElement);
      if (event.key === 'Escape') {
        close();
        if (inside) root.querySelector<HTMLElement>('[aria-haspopup="menu"]')?.focus();
        return;
      }
      if (!inside || !MOVES.has(event.key)) return;
      const items = [...root.querySelectorAll<HTMLElement>('[role="menuitem"]')].filter((item) => !(item as HTMLButtonElement).disabled);
      if (items.length === 0) return;
      event.preventDefault();
      const at = items.indexOf(document.activeElement as HTMLElement);
      const last = items.length - 1;
      const next =
        event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowDown' ? (at < 0 || at === last ? 0 : at + 1) : at <= 0 ? last : at - 1;
      items[next]!.focus();
    };
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('keydown', keys);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('keydown', keys);
    };
  }, [open, box, close]);
}
