/**
 * The Lessons menu in the title bar, next to Examples: the shipped lessons in the order the
 * convolution story is told. Picking one opens it as the gallery opens an example (an untitled
 * copy, after asking about unsaved work) and starts it at its first step.
 */
import { useCallback, useRef, useState } from 'react';
import { useFiles } from '../../files/context';
import { useDismiss } from '../../files/useDismiss';
import { useEditorStore } from '../../store/context';
import { lessonCatalog, type LessonEntry } from './catalog';

/**
 * The catalog, read the first time the menu opens: it loads and checks every bundled example, a
 * quarter of the page's script time at start (248 of 954 ms on a loaded 2-core machine), for a
 * menu most starts never open.
 */
let catalogRead: LessonEntry[] | undefined;
function catalog(): LessonEntry[] {
  catalogRead ??= lessonCatalog();
  return catalogRead;
}

export function LessonMenu() {
  const store = useEditorStore();
  const files = useFiles();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const close = useCallback(() => setOpen(false), []);
  // A press outside or Escape closes it; the arrow keys, Home and End move among the lessons.
  useDismiss(open, box, close);

  const start = (entry: LessonEntry): void => {
    setOpen(false);
    void files.controller.openExample(entry.file, entry.text).then((opened) => {
      if (opened) store.getState().setLessonStep(0);
    });
  };

  return (
    <div className="file-menu lesson-menu" ref={box}>
      <button type="button" className={`menu-button${open ? ' open' : ''}`} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Lessons that walk through the convolution story">
        Lessons
      </button>
      {open && (
        <div className="menu lesson-list" role="menu" aria-label="Lessons">
          {catalog().map((entry, i) => (
            <button
              key={entry.file}
              type="button"
              role="menuitem"
              className="menu-item"
              data-lesson={entry.file.replace(/\.convolab\.json$/, '')}
              title={entry.description}
              onClick={() => start(entry)}
            >
              <span className="lesson-title">
                <span className="muted lesson-number">{i + 1}.</span>
                <span>{entry.title}</span>
              </span>
              <kbd>{entry.steps} steps</kbd>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
