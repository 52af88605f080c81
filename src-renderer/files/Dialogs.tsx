/**
 * The page's modal dialogs: Save / Don't Save / Cancel, a yes/no question, an alert with a
 * one-line reason, the file browser, the examples gallery and the offer of unsaved work.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useDialogs, useFiles } from './context';
import type { OpenDialog } from './dialogQueue';
import { FileBrowser } from './FileBrowser';
import { Gallery } from './Gallery';
import { RestoreBackups } from './RestoreBackups';

/** A modal box: focus moves into it, Escape dismisses it, the page behind does not take clicks. */
export function Modal({
  label,
  className = '',
  onDismiss,
  children,
}: {
  label: string;
  className?: string;
  onDismiss: () => void;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The field to type in, else the default answer (Enter saves, never discards), else the box.
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>('button.primary:not(:disabled)') ?? box.current;
    first?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="modal-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onDismiss()}>
      <div
        ref={box}
        className={`modal ${className}`}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        onKeyDown={(event) => {
          // Keys stay in the dialog: the canvas's shortcuts must not act behind it.
          event.stopPropagation();
          if (event.key === 'Escape') onDismiss();
        }}
      >
        {children}
      </div>
    </div>
  );
}

function Prompt({ dialog }: { dialog: OpenDialog }) {
  const { request, answer } = dialog;
  switch (request.kind) {
    case 'askToSave':
      return (
        <Modal label="Unsaved changes" className="prompt" onDismiss={() => answer('cancel')}>
          <h2>Do you want to save the changes you made to {request.name}?</h2>
          <p className="muted">Your changes will be lost if you don't save them.</p>
          <div className="modal-buttons">
            <button type="button" onClick={() => answer('discard')}>
              Don't Save
            </button>
            <span className="spacer" />
            <button type="button" onClick={() => answer('cancel')}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => answer('save')}>
              Save
            </button>
          </div>
        </Modal>
      );
    case 'confirm':
      return (
        <Modal label={request.question} className="prompt" onDismiss={() => answer(false)}>
          <h2>{request.question}</h2>
          <p className="muted">{request.detail}</p>
          <div className="modal-buttons">
            <span className="spacer" />
            <button type="button" onClick={() => answer(false)}>
              Cancel
            </button>
            <button type="button" className="primary danger" onClick={() => answer(true)}>
              {request.action}
            </button>
          </div>
        </Modal>
      );
    case 'alert':
      return (
        <Modal label={request.title} className="prompt alert" onDismiss={() => answer(undefined)}>
          <h2>{request.title}</h2>
          <p className="alert-message" role="alert">
            {request.message}
          </p>
          <div className="modal-buttons">
            <span className="spacer" />
            <button type="button" className="primary" onClick={() => answer(undefined)}>
              OK
            </button>
          </div>
        </Modal>
      );
    case 'browse':
      return <FileBrowser mode={request.mode} suggestedName={request.suggestedName} onDone={(path) => answer(path)} />;
  }
}

export function Dialogs() {
  const { dialogs } = useFiles();
  const stack = useDialogs((state) => state.stack);
  const gallery = useDialogs((state) => state.gallery);
  const restore = useDialogs((state) => state.restore);
  return (
    <>
      {restore && <RestoreBackups onClose={() => dialogs.showRestore(false)} />}
      {gallery && <Gallery onClose={() => dialogs.showGallery(false)} />}
      {stack.map((dialog) => (
        <Prompt key={dialog.id} dialog={dialog} />
      ))}
    </>
  );
}
