/** The quick-add popup: type a few letters where the node should go, press Enter. */
import { useMemo, useState } from 'react';
import type { DataType } from '../../src-shared/data';
import type { NodeDefinition } from '../../src-shared/nodes/define';
import { CATEGORY_TITLES } from '../../src-shared/nodes/define';
import { NODE_DEFINITIONS } from '../../src-shared/nodes/registry';

/** Lower case with everything but letters and digits dropped: "Low-pass" and "lowpass" meet. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The words of a text, lower case (`low-pass filter` → low, pass, filter). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** How well one query word names a node: title, then type, then tags, then doc; -1 when it does not. */
function wordScore(word: string, definition: NodeDefinition): number {
  const title = definition.title.toLowerCase();
  if (title.startsWith(word)) return 8;
  if (wordsOf(title).some((w) => w.startsWith(word))) return 6;
  if (title.includes(word) || definition.type.toLowerCase().includes(word)) return 4;
  const squashed = squash(word);
  const tags = definition.tags ?? [];
  if (squashed && tags.some((tag) => squash(tag).startsWith(squashed) || wordsOf(tag).some((w) => w.startsWith(word)))) return 3;
  if (wordsOf(definition.doc).some((w) => w.startsWith(word))) return 1;
  return -1;
}

/**
 * Definitions matching a query: every word must name the node by its title, type, tags (what
 * people call it: blur, low-pass, edge) or a word of its doc. Title hits rank above tag hits,
 * which rank above doc hits; ties keep the registry's order.
 */
export function searchNodes(query: string): NodeDefinition[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...NODE_DEFINITIONS];
  const score = (definition: NodeDefinition): number => {
    let total = 0;
    for (const word of words) {
      const points = wordScore(word, definition);
      if (points < 0) return -1;
      total += points;
    }
    return total;
  };
  return NODE_DEFINITIONS.map((definition) => [definition, score(definition)] as const)
    .filter(([, points]) => points >= 0)
    .sort((a, b) => b[1] - a[1])
    .map(([definition]) => definition);
}

/** The popup's size at most (the CSS in styles.css), so callers can keep it inside the canvas. */
export const QUICK_ADD_SIZE = { width: 260, height: 340 };

export function QuickAdd({
  at,
  accepts,
  onPick,
  onClose,
}: {
  /** Where to show it, in pixels inside the canvas. */
  at: { x: number; y: number };
  /** The type on a wire dropped on the canvas: only nodes with an input that takes it are offered. */
  accepts?: DataType;
  onPick: (type: string) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(
    () =>
      searchNodes(query)
        .filter((definition) => accepts === undefined || definition.inputs.some((port) => port.types.includes(accepts)))
        .slice(0, 10),
    [query, accepts],
  );
  const pick = (definition: NodeDefinition | undefined): void => {
    if (definition) onPick(definition.type);
    onClose();
  };
  return (
    <div className="quick-add" style={{ left: at.x, top: at.y }} role="dialog" aria-label="Add a node">
      <input
        autoFocus
        placeholder="Add node…"
        aria-label="Search node types"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onBlur={() => setTimeout(onClose, 150)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(matches.length - 1, i + 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
          else if (event.key === 'Enter') pick(matches[active]);
          else if (event.key === 'Escape') onClose();
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
      />
      <ul role="listbox">
        {matches.map((definition, i) => (
          <li
            key={definition.type}
            role="option"
            aria-selected={i === active}
            className={`category-${definition.category}${i === active ? ' active' : ''}`}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(definition);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span>{definition.title}</span>
            <small>{CATEGORY_TITLES[definition.category]}</small>
          </li>
        ))}
        {matches.length === 0 && <li className="empty">{accepts ? `no node takes a ${accepts} and matches` : 'no node matches'}</li>}
      </ul>
    </div>
  );
}
