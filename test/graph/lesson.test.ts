import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src-shared/graph/document';
import { lessonOf, lessonStage, withoutLessonNodes } from '../../src-shared/graph/lesson';
import { loadGraph } from '../../src-shared/graph/load';
import { writeGraph } from '../../src-shared/graph/write';
import { definitions, diceDocument } from './catalog';

const withLesson = (lesson: unknown): Record<string, unknown> => ({ ...diceDocument(), meta: { title: 'Two dice', lesson } });

function errorOf(file: unknown): string {
  const result = loadGraph(JSON.stringify(file, null, 2), { definitions });
  if (result.ok) throw new Error('expected the file to be refused');
  expect(result.error).not.toContain('\n');
  return result.error;
}

const story = [
  { text: 'Two dice, each 1..6 with probability 1/6.', nodes: ['dieA', 'dieB'] },
  { text: 'Convolve them: the PMF of the sum.', nodes: ['sum'] },
  { text: 'Plot it.', nodes: ['plot', 'sum'] },
];

describe('meta.lesson in a graph file', () => {
  it('is accepted and kept through load and write, byte for byte', () => {
    const text = writeGraph(withLesson(story) as unknown as GraphDocument, { definitions });
    const loaded = loadGraph(text, { definitions });
    expect(loaded).toMatchObject({ ok: true, warnings: [] });
    if (!loaded.ok) return;
    expect(loaded.document.meta?.lesson).toEqual(story);
    expect(writeGraph(loaded.document, { definitions })).toBe(text);
    // The writer puts the lesson after title and description, a step's node ids on one line.
    expect(text.indexOf('"lesson"')).toBeGreaterThan(text.indexOf('"title"'));
    expect(text).toContain('"nodes": ["dieA", "dieB"]\n');
  });

  it('is refused with a located one-line error when malformed', () => {
    expect(errorOf(withLesson([{ text: 'a', nodes: ['sum'] }, { text: 'b', nodes: ['dieA', 'nope'] }]))).toBe(
      'meta.lesson[1].nodes[1]: no node "nope" in this graph (name a node id, or remove it from the step)',
    );
    expect(errorOf(withLesson([{ nodes: ['sum'] }]))).toBe('meta.lesson[0].text: missing');
    expect(errorOf(withLesson([{ text: '', nodes: ['sum'] }]))).toBe('meta.lesson[0].text: must not be empty');
    expect(errorOf(withLesson([{ text: 'x', nodes: 'sum' }]))).toBe('meta.lesson[0].nodes: must be a list (got "sum")');
    expect(errorOf(withLesson([{ text: 'x', nodes: [3] }]))).toBe('meta.lesson[0].nodes[0]: must be text (got 3)');
    expect(errorOf(withLesson({ text: 'x' }))).toBe('meta.lesson: must be a list (got an object)');
    expect(errorOf(withLesson(['just text']))).toBe('meta.lesson[0]: must be an object (got "just text")');
    expect(errorOf(withLesson([{ text: 'x', node: ['sum'] }]))).toBe('meta.lesson[0].node: unknown key (a lesson step has text, nodes)');
    expect(errorOf(withLesson([{ text: 'x', nodes: ['sum', 'plot', 'sum'] }]))).toBe(
      'meta.lesson[0].nodes[2]: "sum" is listed twice in this step (also nodes[0])',
    );
  });

  it('is ignored where lessons mean nothing: other meta keys and the graph itself are untouched', () => {
    const loaded = loadGraph(JSON.stringify({ ...withLesson(story), meta: { title: 't', lesson: story, frames: [] } }), { definitions });
    expect(loaded.ok && loaded.document.nodes).toEqual(diceDocument().nodes);
    expect(loaded.ok && loaded.document.meta).toEqual({ title: 't', lesson: story, frames: [] });
  });
});

describe('a lesson on the canvas', () => {
  const document = withLesson(story) as unknown as GraphDocument;

  it('hides nodes until the first step that names them, and highlights the step\'s own', () => {
    const lesson = lessonOf(document)!;
    expect(lessonStage(lesson, 0)).toEqual({ highlighted: ['dieA', 'dieB'], hidden: new Set(['sum', 'plot']) });
    expect(lessonStage(lesson, 1)).toEqual({ highlighted: ['sum'], hidden: new Set(['plot']) });
    expect(lessonStage(lesson, 2)).toEqual({ highlighted: ['plot', 'sum'], hidden: new Set() });
    // Out of range clamps rather than showing nothing.
    expect(lessonStage(lesson, 9).highlighted).toEqual(['plot', 'sum']);
    expect(lessonStage(lesson, -1).highlighted).toEqual(['dieA', 'dieB']);
  });

  it('has no lesson when meta.lesson is absent or empty', () => {
    expect(lessonOf(diceDocument() as GraphDocument)).toBeUndefined();
    expect(lessonOf(withLesson([]) as unknown as GraphDocument)).toBeUndefined();
  });

  it('loses deleted nodes from its steps (so the file stays loadable) and keeps the rest as it was', () => {
    const meta = document.meta!;
    expect(withoutLessonNodes(meta, new Set(['other']))).toBe(meta);
    const pruned = withoutLessonNodes(meta, new Set(['sum', 'dieB']))!;
    expect(pruned.lesson).toEqual([
      { text: story[0].text, nodes: ['dieA'] },
      { text: story[1].text },
      { text: story[2].text, nodes: ['plot'] },
    ]);
    expect(pruned.title).toBe('Two dice');
    const remaining = { ...document, meta: pruned, nodes: document.nodes.filter((n) => n.id !== 'sum' && n.id !== 'dieB'), edges: [] };
    expect(loadGraph(writeGraph(remaining, { definitions }), { definitions }).ok).toBe(true);
  });
});
