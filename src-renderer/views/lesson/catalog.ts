/// <reference types="vite/client" />
/**
 * The lessons shipped with Convolab: the bundled examples (files/examples.ts, in the gallery's
 * order, which is the order the convolution story is told: dice → polynomials → sliding
 * functions → image kernels → the convolution theorem → CNN layers → CT) that carry
 * `meta.lesson`, read through the same loader as any file.
 */
import { lessonOf } from '../../../src-shared/graph/lesson';
import { loadGraph } from '../../../src-shared/graph/load';
import { EXAMPLES } from '../../files/examples';

export interface LessonEntry {
  /** The example's file name, `two-dice.convolab.json`. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly steps: number;
  /** The graph file's text. */
  readonly text: string;
}

/** Every bundled example with a lesson, in the story's order. */
export function lessonCatalog(): LessonEntry[] {
  return EXAMPLES.flatMap((example) => {
    const loaded = loadGraph(example.text);
    const lesson = loaded.ok ? lessonOf(loaded.document) : undefined;
    if (!lesson) return [];
    return [{ file: example.file, title: example.title, description: example.description, steps: lesson.length, text: example.text }];
  });
}
