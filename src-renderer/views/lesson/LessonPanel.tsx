/**
 * The lesson panel, over the canvas: walks through the open graph's `meta.lesson` step by step
 * (next, back, reset). Each step reveals the nodes it introduces, highlights its own, selects
 * the first of them and opens its teaching view, and fits them in view. The Lessons menu opens
 * the shipped lessons in the order the story is told, the way the examples gallery does.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { lessonOf, lessonStage } from '../../../src-shared/graph/lesson';
import { useFiles } from '../../files/context';
import { useEditor, useEditorStore } from '../../store/context';
import { EMPTY_SELECTION } from '../../store/document';
import { teachingViewFor } from '../ViewDock';
import { lessonCatalog } from './catalog';

export function LessonPanel() {
  const store = useEditorStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const document = useEditor((state) => state.document);
  const step = useEditor((state) => state.lessonStep);
  const lesson = lessonOf(document);
  const catalog = useMemo(() => lessonCatalog(), []);
  const files = useFiles();
  const [menu, setMenu] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  // Entering a step: select its first node, open that node's teaching view, fit the step in view.
  useEffect(() => {
    if (!lesson || step === undefined) return;
    const stage = lessonStage(lesson, step);
    const state = store.getState();
    const focus = stage.highlighted[0];
    const node = focus ? state.document.nodes.find((n) => n.id === focus) : undefined;
    state.setSelection({ ...EMPTY_SELECTION, nodes: node ? [node.id] : [] });
    const view = node ? teachingViewFor(node.type) : undefined;
    state.showView(view ?? 'value');
    const visible = new Set(state.document.nodes.filter((n) => !stage.hidden.has(n.id)).map((n) => n.id));
    // Room at the top for the toolbar and this card.
    const padding = { top: '150px', right: '40px', bottom: '24px', left: '56px' } as const;
    // Fit once the canvas has applied the step (revealed its nodes, hidden later ones) and measured
    // them — a node just revealed has no size yet, and fitView leaves hidden nodes out — and fit
    // again while nodes still grow (their previews arrive as the run goes on), until the run is
    // done and the sizes have settled.
    let frame = 0;
    const started = performance.now();
    let fitted = '';
    let changedAt = started;
    const fit = (): void => {
      const now = performance.now();
      const nodes = flow.getNodes().filter((n) => n.type !== 'frame');
      const applied = nodes.every((n) => n.hidden === !visible.has(n.id) && (n.hidden || n.measured?.width));
      // The dock under the canvas may have just grown for the step's view: wait for the canvas's new size.
      const pane = flowStore.getState().domNode;
      const sized = !pane || flowStore.getState().height === pane.clientHeight;
      if ((applied && sized) || now - started > 1500) {
        const sizes = `${flowStore.getState().height}:${nodes.map((n) => (n.hidden ? '' : `${n.measured?.width}x${n.measured?.height}`)).join(',')}`;
        if (sizes !== fitted) {
          void flow.fitView({ nodes: [...visible].map((id) => ({ id })), padding, duration: fitted === '' ? 250 : 120, maxZoom: 1.2 });
          fitted = sizes;
          changedAt = now;
        }
      }
      const running = store.getState().run?.status === 'running';
      if (now - started < 10_000 && (running || now - changedAt < 600 || fitted === '')) frame = requestAnimationFrame(fit);
    };
    frame = requestAnimationFrame(fit);
    return () => cancelAnimationFrame(frame);
    // The lesson is part of the document; step changes are what matter here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step, lesson, store, flow, flowStore]);

  useEffect(() => {
    if (!menu) return;
    const close = (event: MouseEvent): void => {
      if (!menuRef.current?.contains(event.target as Node)) setMenu(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);

  // Opened as the gallery opens an example (an untitled copy, after asking about unsaved work),
  // then walked from its first step.
  const open = (entry: (typeof catalog)[number]): void => {
    setMenu(false);
    void files.controller.openExample(entry.file, entry.text).then((opened) => {
      if (opened) store.getState().setLessonStep(0);
    });
  };

  const go = (next: number | undefined): void => store.getState().setLessonStep(next);
  const count = lesson?.length ?? 0;
  const current = step !== undefined && lesson ? Math.min(step, count - 1) : undefined;

  return (
    <div className="lesson-layer">
      <div className="lesson-menu" ref={menuRef}>
        <button type="button" className="lesson-menu-button" aria-expanded={menu} onClick={() => setMenu(!menu)}>
          Lessons ▾
        </button>
        {menu && (
          <ol className="lesson-list" role="menu" aria-label="Lessons">
            {catalog.map((entry) => (
              <li key={entry.file}>
                <button type="button" role="menuitem" data-lesson={entry.file.replace(/\.convolab\.json$/, '')} onClick={() => open(entry)} title={entry.description}>
                  <strong>{entry.title}</strong>
                  <span className="muted">{entry.steps} steps</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
      {lesson && current === undefined && (
        <button type="button" className="lesson-resume" onClick={() => go(0)}>
          ▶ Lesson: {document.meta?.title ?? 'this graph'} ({count} steps)
        </button>
      )}
      {lesson && current !== undefined && (
        <section className="lesson-card" aria-label="Lesson" data-step={current}>
          <div className="lesson-main">
            <div className="lesson-meta muted">
              Lesson · {document.meta?.title ?? ''} · <span className="lesson-count">step {current + 1} / {count}</span>
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
              <button type="button" onClick={() => go(0)} disabled={current === 0} title="Back to the first step">
                Reset
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
    </div>
  );
}
