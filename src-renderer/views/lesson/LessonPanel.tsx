/**
 * The lesson strip, above the canvas (nothing floats over the user's nodes): walks through the
 * open graph's `meta.lesson` step by step (next, back, first step, a dot per step). Each step reveals
 * the nodes it introduces, highlights its own, selects the first of them and opens its teaching
 * view, and frames them at a readable zoom. Start over goes to the first step with the graph as the lesson
 * began (one undo). A graph with a lesson not being walked offers to start it.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { lessonOf, lessonStage } from '../../../src-shared/graph/lesson';
import { keepFramed } from '../../canvas/framing';
import { useEditor, useEditorStore } from '../../store/context';
import { EMPTY_SELECTION } from '../../store/document';
import { teachingViewFor } from '../ViewDock';
import { countRender } from '../../renderCount';

export function LessonPanel() {
  countRender('LessonPanel');
  const store = useEditorStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  // The lesson and the title, not the document: an edit elsewhere does not render the strip again.
  const lesson = useEditor((state) => lessonOf(state.document));
  const title = useEditor((state) => state.document.meta?.title);
  const step = useEditor((state) => state.lessonStep);
  // The graph changed since the lesson began (history's present: the whole graph, inside a block too).
  const changed = useEditor((state) => state.lessonStart !== undefined && state.history.present !== state.lessonStart);

  // Entering a step: select its first node, open that node's teaching view, frame the step.
  useEffect(() => {
    if (!lesson || step === undefined) return;
    const stage = lessonStage(lesson, step);
    const state = store.getState();
    const focus = stage.highlighted[0];
    const node = focus ? state.document.nodes.find((n) => n.id === focus) : undefined;
    state.setSelection({ ...EMPTY_SELECTION, nodes: node ? [node.id] : [] });
    const view = node ? teachingViewFor(node.type) : undefined;
    state.showView(view ?? 'value');
    // Framed at a readable zoom: the whole step's canvas when it can be read at once, else the
    // step's own nodes (canvas/framing.ts waits until the step is applied and follows growing previews).
    const shown = new Set(state.document.nodes.filter((n) => !stage.hidden.has(n.id)).map((n) => n.id));
    return keepFramed(flow, flowStore, store, { shown, focus: stage.highlighted, maxZoom: 1.2 });
  }, [step, lesson, store, flow, flowStore]);

  const go = (next: number | undefined): void => store.getState().setLessonStep(next);
  const count = lesson?.length ?? 0;
  const current = step !== undefined && lesson ? Math.min(step, count - 1) : undefined;

  return (
    <>
      {lesson && current === undefined && (
        <div className="lesson-strip lesson-offer">
          <span className="muted">This graph has a lesson:</span>
          <button type="button" className="lesson-resume" onClick={() => go(0)}>
            ▶ {title ?? 'Start the lesson'} ({count} steps)
          </button>
        </div>
      )}
      {lesson && current !== undefined && (
        <section className="lesson-strip lesson-card" aria-label="Lesson" data-step={current}>
          <div className="lesson-main">
            <div className="lesson-meta muted">
              Lesson · {title ?? ''} · <span className="lesson-count">step {current + 1} / {count}</span>
            </div>
            <p className="lesson-text" data-testid="lesson-text">
              {lesson[current]!.text}
            </p>
          </div>
          <div className="lesson-controls">
            <div className="lesson-buttons">
              <button type="button" onClick={() => go(current - 1)} disabled={current === 0}>
                ‹ Back
              </button>
              <button
                type="button"
                className="lesson-restart"
                onClick={() => store.getState().restartLesson()}
                disabled={current === 0 && !changed}
                title="Back to the first step with the graph as the lesson began (Undo brings your changes back)"
              >
                ↺ Start over
              </button>
              <button type="button" className="primary" onClick={() => go(current + 1)} disabled={current === count - 1}>
                Next ›
              </button>
              <button type="button" className="link lesson-close" aria-label="Close the lesson" title="Show every node and leave the lesson" onClick={() => go(undefined)}>
                ×
              </button>
            </div>
            <span className="lesson-dots" aria-label={`Step ${current + 1} of ${count}`}>
              {lesson.map((_, i) => (
                <button key={i} type="button" className={`dot-button ${i === current ? 'active' : i < current ? 'seen' : ''}`} aria-label={`Step ${i + 1}`} onClick={() => go(i)} />
              ))}
            </span>
          </div>
        </section>
      )}
    </>
  );
}
