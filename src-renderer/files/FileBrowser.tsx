/**
 * The browser mode's file dialog over the served folder (FileMethods.listFolder): folders to walk
 * into, graph files to open, a name to save under (asking before replacing a file), and Upload to
 * bring a file from this computer into the folder. Nothing outside the served folder is reachable:
 * the host refuses such paths whatever the page asks.
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { FolderEntry } from '../../src-shared/protocol';
import { Modal } from './Dialogs';
import { useFiles } from './context';

const GRAPH = /\.json$/i;
/** Open also takes a PNG: the graph it carries, or else the picture in a source.image graph. */
const OPENABLE = /\.(json|png)$/i;

function join(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function FileBrowser({ mode, suggestedName, onDone }: { mode: 'open' | 'save'; suggestedName?: string; onDone: (path: string | undefined) => void }) {
  const { api, dialogs } = useFiles();
  const [folder, setFolder] = useState('');
  const [entries, setEntries] = useState<readonly FolderEntry[]>();
  const [selected, setSelected] = useState<string>();
  const [name, setName] = useState(suggestedName ?? 'Untitled.convolab.json');
  const [error, setError] = useState<string>();
  const upload = useRef<HTMLInputElement>(null);

  const list = useCallback(
    async (path: string, select?: string) => {
      try {
        const listing = await api.listFolder(path);
        const sorted = [...listing.entries].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
        setFolder(listing.path);
        setEntries(sorted);
        setSelected(select);
        setError(undefined);
      } catch (reason) {
        setError(message(reason));
      }
    },
    [api],
  );

  useEffect(() => {
    void list('');
  }, [list]);

  const crumbs = folder ? folder.split('/') : [];

  const choose = async (entry: FolderEntry | undefined): Promise<void> => {
    if (entry?.kind === 'folder') {
      await list(entry.path);
      return;
    }
    if (mode === 'open') {
      if (entry && OPENABLE.test(entry.name)) onDone(entry.path);
      return;
    }
    let fileName = (entry?.name ?? name).trim();
    if (!fileName) return;
    if (/[\\/]/.test(fileName)) {
      setError('a name, not a path: walk into the folder first');
      return;
    }
    if (!fileName.toLowerCase().endsWith('.convolab.json')) fileName = `${fileName.replace(/\.json$/i, '')}.convolab.json`;
    const exists = entries?.some((e) => e.kind === 'file' && e.name === fileName);
    if (exists) {
      const replace = await dialogs.ask({ kind: 'confirm', question: `Replace ${fileName}?`, detail: 'A file of that name is already in this folder; saving replaces it.', action: 'Replace' });
      if (!replace) return;
    }
    onDone(join(folder, fileName));
  };

  const onUpload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const path = join(folder, file.name);
    const data = new Uint8Array(await file.arrayBuffer());
    try {
      await api.uploadFile({ path, data });
    } catch (reason) {
      if (!/already exists/.test(message(reason))) {
        setError(message(reason));
        return;
      }
      const replace = await dialogs.ask({ kind: 'confirm', question: `Replace ${file.name}?`, detail: 'A file of that name is already in this folder.', action: 'Replace' });
      if (!replace) return;
      try {
        await api.uploadFile({ path, data, replace: true });
      } catch (again) {
        setError(message(again));
        return;
      }
    }
    await list(folder, path);
    if (mode === 'save') setName(file.name);
  };

  const selectedEntry = entries?.find((entry) => entry.path === selected);
  const canOpen = mode === 'open' ? selectedEntry !== undefined && (selectedEntry.kind === 'folder' || OPENABLE.test(selectedEntry.name)) : name.trim() !== '';
  return (
    <Modal label={mode === 'open' ? 'Open a graph' : 'Save the graph'} className="file-browser" onDismiss={() => onDone(undefined)}>
      <h2>{mode === 'open' ? 'Open a graph' : 'Save the graph'}</h2>
      <nav className="crumbs" aria-label="Folder">
        <button type="button" className="link" onClick={() => void list('')}>
          Served folder
        </button>
        {crumbs.map((crumb, index) => (
          <span key={index}>
            {' / '}
            <button type="button" className="link" onClick={() => void list(crumbs.slice(0, index + 1).join('/'))}>
              {crumb}
            </button>
          </span>
        ))}
      </nav>
      <ul className="file-list" role="listbox" aria-label="Files">
        {folder && (
          <li>
            <button type="button" className="file-entry folder" onDoubleClick={() => void list(crumbs.slice(0, -1).join('/'))} onClick={() => void list(crumbs.slice(0, -1).join('/'))}>
              <span className="file-icon">↩</span>
              <span>..</span>
            </button>
          </li>
        )}
        {entries?.map((entry) => {
          const usable = entry.kind === 'folder' || (mode === 'open' ? OPENABLE : GRAPH).test(entry.name);
          return (
            <li key={entry.path}>
              <button
                type="button"
                role="option"
                aria-selected={entry.path === selected}
                className={`file-entry ${entry.kind}${usable ? '' : ' other'}${entry.path === selected ? ' selected' : ''}`}
                data-path={entry.path}
                onClick={() => {
                  setSelected(entry.path);
                  if (mode === 'save' && entry.kind === 'file' && usable) setName(entry.name);
                }}
                onDoubleClick={() => void choose(entry)}
              >
                <span className="file-icon">{entry.kind === 'folder' ? '▸' : usable ? '◆' : '·'}</span>
                <span className="file-name">{entry.name}</span>
                <span className="file-size">{entry.kind === 'file' ? formatSize(entry.size) : ''}</span>
              </button>
            </li>
          );
        })}
        {entries?.length === 0 && <li className="muted file-empty">This folder is empty.</li>}
      </ul>
      {error && (
        <p className="param-problem browser-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'save' && (
        <label className="save-name">
          <span>Name</span>
          <input
            type="text"
            value={name}
            data-autofocus
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && void choose(undefined)}
          />
        </label>
      )}
      <div className="modal-buttons">
        <input ref={upload} type="file" hidden onChange={(event) => void onUpload(event)} />
        <button type="button" onClick={() => upload.current?.click()} title="Copy a file from this computer into this folder">
          Upload…
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!canOpen}
          onClick={() => void choose(mode === 'open' ? selectedEntry : undefined)}
        >
          {mode === 'open' ? 'Open' : 'Save'}
        </button>
      </div>
    </Modal>
  );
}
