/**
 * Inside a text field, keys and clipboard events belong to the field (its own undo, select-all,
 * copy and paste). A slider or a checkbox keeps focus after a drag or a click but has no text to
 * edit: the editor's keys work there.
 */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button', 'color', 'file'].includes(target.type);
}

/** What takes keys of its own when focused: the page's controls, and those on the canvas's nodes. */
const CONTROL = 'button, input, select, textarea, a[href], [contenteditable], [role="slider"], [role="separator"], [role="tab"], [role="menuitem"], [role="option"], [role="checkbox"]';

/**
 * Focus on a control rather than on the canvas (its pane, a node, a wire) or on nothing: Tab there
 * moves focus on to the next control, as on any page, and a key of the canvas must not take it.
 * Outside the canvas anything focused is a control (a button, a field, the dock's splitter).
 */
export function onControl(target: EventTarget | null): boolean {
  const element = target as Partial<HTMLElement> | null;
  if (!element || typeof element.closest !== 'function' || typeof element.matches !== 'function') return false;
  if (element === element.ownerDocument?.body || element === element.ownerDocument?.documentElement) return false;
  if (!element.closest('.react-flow')) return true;
  return element.matches(CONTROL);
}
