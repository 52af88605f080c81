/**
 * Unsaved work found at start (Convolab was closed without saving, crashed or was killed):
 * each backup can be restored as an unsaved document or thrown away; Later keeps them for the
 * next start.
 */
import { useEffect } from 'react';
import { loadGraph } from '../../src-shared/graph/load';
import type { BackupOffer } from '../../src-shared/protocol';
import { UNTITLED } from './controller';
import { Modal } from './Dialogs';
import { useFiles, useFileSession } from './context';

function describe(offer: BackupOffer): string {
  const loaded = loadGraph(offer.text, { allowUnknownTypes: true });
  if (!loaded.ok) return 'cannot be read';
  const nodes = loaded.document.nodes.length;
  return `${nodes} node${nodes === 1 ? '' : 's'}`;
}

export function RestoreBackups({ onClose }: { onClose: () => void }) {
  const { controller } = useFiles();
  const backups = useFileSession((state) => state.backups);
  // The last offer discarded: the dialog is done. Closed, not only empty, or it would still count
  // as open and the page's File keys (Ctrl+S, Ctrl+O, Alt+N) and paste would wait behind it.
  const empty = backups.length === 0;
  useEffect(() => {
    if (empty) onClose();
  }, [empty, onClose]);
  if (empty) return null;
  return (
    <Modal label="Restore unsaved work" className="restore" onDismiss={onClose}>
      <h2>Restore unsaved work?</h2>
      <p className="muted">Convolab was closed before these changes were saved. Restore one to keep working on it, or discard it.</p>
      <ul className="restore-list">
        {backups.map((offer) => (
          <li key={offer.id} data-backup={offer.id}>
            <div>
              <strong>{offer.file?.name ?? UNTITLED}</strong>
              <span className="muted">
                {' '}
                · {describe(offer)} · changed {new Date(offer.savedAt).toLocaleString()}
              </span>
              {offer.file && offer.file.path !== offer.file.name && <div className="muted restore-path">{offer.file.path}</div>}
            </div>
            <span className="spacer" />
            <button type="button" onClick={() => void controller.discardBackupOffer(offer)}>
              Discard
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                void controller.restoreBackup(offer).then((restored) => restored && onClose());
              }}
            >
              Restore
            </button>
          </li>
        ))}
      </ul>
      <div className="modal-buttons">
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Later
        </button>
      </div>
    </Modal>
  );
}
