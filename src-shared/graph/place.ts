/**
 * Places in a graph file, written the way FORMAT.md's messages name them: `nodes[2].params.sigma`.
 */

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['nodes', 2, 'params', 'sigma']` → `nodes[2].params.sigma`; odd keys are quoted: `meta["a b"]`. */
export function formatPlace(path: readonly PathSegment[]): string {
  let place = '';
  for (const segment of path) {
    if (typeof segment === 'number') place += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) place += place === '' ? segment : `.${segment}`;
    else place += `[${JSON.stringify(segment.length > 40 ? segment.slice(0, 40) + '…' : segment)}]`;
  }
  return place === '' ? 'file' : place;
}

/** A value as a message shows it after `got`: short, one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** "a" or "an" before a word, for messages such as `takes an image`. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** `a, b or c` */
export function listWords(words: readonly string[], last = 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}
