/// <reference types="vite/client" />
/**
 * The lessons shipped with Convolab: the example graphs that carry `meta.lesson`, in the order
 * the convolution story is told (dice → polynomials → sliding functions → image kernels → the
 * convolution theorem → CNN layers → CT). They are bundled with the page and read through the
 * same loader as any file, so a broken one says why instead of loading half.
 */
import type { GraphDocument } from '../../../src-shared/graph/document';
import { lessonOf } from '../../../src-shared/graph/lesson';
import { loadGraph } from '../../../src-shared/graph/load';

/** The story's order, by file name without `.convolab.json`. */
export const STORY: readonly string[] = [
  'two-dice',
  'three-dice',
  'polynomial-multiplication',
  'rect-rect-triangle',
  'image-kernels',
  'convolution-theorem',
  'convolution-theorem-too-small',
  'convolution-theorem-2d',
  'cnn-layer',
  'ct-reconstruction',
  'convolution-reverb',
  'parseval',
];

const files = import.meta.glob('../../../examples/*.convolab.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LessonEntry {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly steps: number;
  readonly load: () => { ok: true; document: GraphDocument } | { ok: false; error: string };
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.convolab\.json$/, '');
}

/** Every bundled example with a lesson, in story order (any not in STORY after, by name). */
export function lessonCatalog(): LessonEntry[] {
  const entries: LessonEntry[] = [];
  for (const [path, text] of Object.entries(files)) {
    const name = nameOf(path);
    const loaded = loadGraph(text);
    if (!loaded.ok) continue;
    const lesson = lessonOf(loaded.document);
    if (!lesson) continue;
    entries.push({
      name,
      title: loaded.document.meta?.title ?? name,
      description: loaded.document.meta?.description ?? '',
      steps: lesson.length,
      load: () => {
        const again = loadGraph(text);
        return again.ok ? { ok: true, document: again.document } : { ok: false, error: `${name}: ${again.error}` };
      },
    });
  }
  const rank = (name: string) => {
    const at = STORY.indexOf(name);
    return at < 0 ? STORY.length : at;
  };
  return entries.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
