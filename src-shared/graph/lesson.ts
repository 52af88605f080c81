/**
 * Lessons: a graph file may carry `meta.lesson`, an ordered list of steps, each a short text and
 * the ids of the nodes it is about. A reader that does not know lessons ignores them (they live
 * in `meta`, which the format leaves open), so the format version stays 1.
 *
 * What a step does to the canvas: its nodes are highlighted (the first one is the step's focus,
 * whose views open), and nodes are revealed as the lesson reaches them: a node named by some step
 * stays hidden until the first step that names it; a node no step names is always shown.
 */
import type { GraphDocument, GraphMeta, LessonStep } from './document';

/** The lesson a document carries, or undefined when it has none (or an empty one). */
export function lessonOf(document: GraphDocument): readonly LessonStep[] | undefined {
  const lesson = document.meta?.lesson;
  return Array.isArray(lesson) && lesson.length > 0 ? lesson : undefined;
}

export interface LessonStage {
  /** The step's own nodes, in its order. */
  readonly highlighted: readonly string[];
  /** Nodes that a later step introduces: not shown yet. */
  readonly hidden: ReadonlySet<string>;
}

/** What the canvas shows at step `index` (clamped to the lesson). */
export function lessonStage(lesson: readonly LessonStep[], index: number): LessonStage {
  const at = Math.max(0, Math.min(lesson.length - 1, index));
  const seen = new Set<string>();
  for (let s = 0; s <= at; s++) for (const id of lesson[s]?.nodes ?? []) seen.add(id);
  const hidden = new Set<string>();
  for (let s = at + 1; s < lesson.length; s++) for (const id of lesson[s]?.nodes ?? []) if (!seen.has(id)) hidden.add(id);
  return { highlighted: lesson[at]?.nodes ?? [], hidden };
}

/**
 * The meta with `ids` taken out of every lesson step, so that deleting a node never leaves a
 * lesson naming a node the graph lacks (which would make the saved file unreadable). Returns the
 * same object when no step names any of them.
 */
export function withoutLessonNodes(meta: GraphMeta | undefined, ids: ReadonlySet<string>): GraphMeta | undefined {
  const lesson = meta?.lesson;
  if (!meta || !Array.isArray(lesson) || !lesson.some((step) => step.nodes?.some((id) => ids.has(id)))) return meta;
  return {
    ...meta,
    lesson: lesson.map((step) => {
      if (!step.nodes?.some((id) => ids.has(id))) return step;
      const nodes = step.nodes.filter((id) => !ids.has(id));
      const { nodes: _old, ...rest } = step;
      return nodes.length > 0 ? { ...rest, nodes } : rest;
    }),
  };
}

/**
 * The problems of a lesson against its document's node ids, one located line each, e.g.
 * `meta.lesson[2].nodes[0]: no node "gone" in this graph`. The shape (text, lists) is the schema's.
 */
export function lessonProblems(lesson: readonly LessonStep[], nodeIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  lesson.forEach((step, s) => {
    const first = new Map<string, number>();
    step.nodes?.forEach((id, k) => {
      const place = `meta.lesson[${s}].nodes[${k}]`;
      if (!nodeIds.has(id)) problems.push(`${place}: no node ${JSON.stringify(id)} in this graph (name a node id, or remove it from the step)`);
      else if (first.has(id)) problems.push(`${place}: ${JSON.stringify(id)} is listed twice in this step (also nodes[${first.get(id)}])`);
      else first.set(id, k);
    });
  });
  return problems;
}
