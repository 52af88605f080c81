/**
 * Lesson staging: a lesson being walked through hides the nodes later steps introduce and
 * highlights the step's own (src-shared/graph/lesson.ts says which).
 */
import { useMemo } from 'react';
import { lessonStage, type LessonStage } from '../../src-shared/graph/lesson';
import { useEditor } from '../store/context';

export function useLessonStage(): LessonStage | undefined {
  const lessonStep = useEditor((state) => state.lessonStep);
  const lesson = useEditor((state) => state.document.meta?.lesson);
  return useMemo(
    () => (lesson && lesson.length > 0 && lessonStep !== undefined ? lessonStage(lesson, lessonStep) : undefined),
    [lesson, lessonStep],
  );
}
