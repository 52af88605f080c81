/**
 * The file picker of a path param in browser mode: the files with the param's endings in the
 * graph's folder (the served folder while the graph is untitled) and the folders inside it, as
 * paths relative to the graph, which is how the host resolves them (FORMAT.md). Bringing a file
 * from this computer into the folder is the file browser's Upload (File ▸ Open…).
 */
import { useEffect, useState } from 'react';
import type { AppApi, FolderEntry } from '../../src-shared/protocol';

/** How deep below the graph's folder the picker looks. */
const DEPTH = 2;

function folderOf(path: string | undefined): string {
  if (!path) return '';
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

/** Files under `folder` (to `DEPTH` levels) whose names end in one of `extensions`. */
export async function findFiles(api: Pick<AppApi, 'listFolder'>, folder: string, extensions: readonly string[]): Promise<string[]> {
  const endings = extensions.map((ext) => `.${ext.toLowerCase()}`);
  const found: string[] = [];
  const walk = async (path: string, depth: number): Promise<void> => {
    const listing = await api.listFolder(path);
    const entries: readonly FolderEntry[] = listing.entries;
    for (const entry of entries) {
      if (entry.kind === 'file' && endings.some((ending) => entry.name.toLowerCase().endsWith(ending))) found.push(entry.path);
    }
    if (depth < DEPTH) for (const entry of entries) if (entry.kind === 'folder') await walk(entry.path, depth + 1);
  };
  await walk(folder, 0);
  const prefix = folder ? `${folder}/` : '';
  return found.map((path) => (path.startsWith(prefix) ? path.slice(prefix.length) : path)).sort((a, b) => a.localeCompare(b));
}

export function PathPicker({
  api,
  documentPath,
  extensions,
  onPick,
  onClose,
}: {
  api: Pick<AppApi, 'listFolder'>;
  /** The open graph's file, relative to the served folder; undefined while untitled. */
  documentPath: string | undefined;
  extensions: readonly string[];
  onPick: (path: string) => void;
  onClose: () => void;
}) {
  const folder = folderOf(documentPath);
  const [files, setFiles] = useState<string[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stale = false;
    findFiles(api, folder, extensions).then(
      (found) => !stale && setFiles(found),
      (reason: unknown) => !stale && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      stale = true;
    };
  }, [api, folder, extensions]);
  const where = folder ? `${folder}/` : 'the served folder';
  return (
    <div
      className="path-picker nodrag nowheel"
      role="listbox"
      aria-label={`Files in ${where}`}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      {error && <div className="param-problem">{error}</div>}
      {!error && files === undefined && <div className="muted">looking…</div>}
      {files?.length === 0 && (
        <div className="muted">
          no {extensions.map((ext) => `.${ext}`).join(', ')} file in {where}: put one there (File ▸ Open… ▸ Upload)
        </div>
      )}
      {files?.map((path) => (
        <button
          key={path}
          type="button"
          role="option"
          aria-selected={false}
          className="path-option"
          onClick={(event) => {
            event.preventDefault();
            onPick(path);
          }}
        >
          {path}
        </button>
      ))}
      <button type="button" className="link small" onClick={onClose}>
        close
      </button>
    </div>
  );
}
