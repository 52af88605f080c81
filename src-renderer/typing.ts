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
