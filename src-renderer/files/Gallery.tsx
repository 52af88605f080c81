/**
 * The examples gallery: one card per example, with its thumbnail (the preview that tells its
 * story, drawn like the canvas draws it), its title and one line about it. Opening one gives an
 * untitled copy named after it.
 */
import { PreviewView } from '../panels/PreviewView';
import { Modal } from './Dialogs';
import { useFiles } from './context';
import { EXAMPLES, exampleDisplay } from './examples';

export function Gallery({ onClose }: { onClose: () => void }) {
  const { controller } = useFiles();
  return (
    <Modal label="Examples" className="gallery" onDismiss={onClose}>
      <header className="gallery-head">
        <div>
          <h2>Examples</h2>
          <p className="muted">Each one shows an idea of the convolution story, and checks it. Open one to explore it; it opens as an untitled copy.</p>
        </div>
        <button type="button" className="link close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <ul className="gallery-grid">
        {EXAMPLES.map((example) => (
          <li key={example.file}>
            <button
              type="button"
              className="gallery-card"
              data-example={example.file}
              title={example.description}
              onClick={() => {
                void controller.openExample(example.file, example.text).then((opened) => opened && onClose());
              }}
            >
              <div className="gallery-thumb" aria-hidden="true">
                <PreviewView preview={example.preview} display={exampleDisplay(example)} />
              </div>
              <strong>{example.title}</strong>
              <span className="gallery-summary">{example.summary}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
