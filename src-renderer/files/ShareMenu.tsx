/**
 * The title bar's Share menu, on the desktop and in the browser alike: "Copy link" puts the graph
 * in a link's fragment (src-shared/io/share-link.ts; never sent to a server), and "Export canvas
 * as PNG" saves the canvas as seen, carrying the graph, so the picture opens back as the graph.
 */
import { useCallback, useRef, useState } from 'react';
import { writeGraph } from '../../src-shared/graph/write';
import { kilobytes } from '../../src-shared/io/deflate';
import { shareLink } from '../../src-shared/io/share-link';
import { useEditorStore } from '../store/context';
import { flowPng } from './canvasImage';
import { useFiles } from './context';
import { deliver, deliveredWords } from './deliver';
import { withGraph } from './export';
import { writeClipboard } from './NodeMenu';
import { useDismiss } from './useDismiss';

/**
 * Where a link points: this page (origin and path, without the serve token or an old fragment).
 * The desktop has no web address, so its link is the fragment alone, which a page of serve or
 * the web build opens when it is pasted.
 */
export function linkBase(location: Pick<Location, 'protocol' | 'origin' | 'pathname'>, mode: 'electron' | 'browser'): string {
  return mode === 'browser' && /^https?:$/.test(location.protocol) ? `${location.origin}${location.pathname}` : '';
}

/** The picture's file name: the document's name without its graph ending. */
export function canvasFileName(documentName: string): string {
  const stem = documentName.replace(/\.convolab\.json$|\.json$/i, '').replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '_');
  return `${stem || 'graph'}.png`;
}

export function ShareMenu() {
  const { api, mode, controller } = useFiles();
  const store = useEditorStore();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, box, close);

  const say = (text: string, level?: 'error'): void => store.getState().say(text, level);
  const copyLink = async (): Promise<void> => {
    const link = shareLink(writeGraph(store.getState().document), linkBase(window.location, mode));
    if (!link.ok) return say(`No link made: ${link.error}`, 'error');
    await writeClipboard(link.value);
    say(`Link copied (${kilobytes(link.value.length)}): it holds the whole graph, and opens as a copy in Convolab`);
  };
  const exportCanvas = async (): Promise<void> => {
    const flow = document.querySelector('.react-flow');
    if (!flow) return say('Export failed: the canvas is not on screen', 'error');
    const png = withGraph(await flowPng(flow), writeGraph(store.getState().document));
    if (!png.ok) return say(`Export failed: ${png.error}`, 'error');
    const name = await deliver(api, mode, canvasFileName(controller.name), png.bytes);
    if (png.warning) say(`${deliveredWords(mode, name ?? 'the canvas')}, but ${png.warning}`, 'error');
    else if (name) say(deliveredWords(mode, name));
  };
  const act = (action: () => Promise<void>) => () => {
    setOpen(false);
    action().catch((error: unknown) => say(error instanceof Error ? error.message : String(error), 'error'));
  };
  return (
    <div className="file-menu share-menu" ref={box}>
      <button type="button" className={`menu-button${open ? ' open' : ''}`} aria-label="Share menu" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Share this graph as a link or a picture">
        Share
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Share">
          <button type="button" role="menuitem" className="menu-item" onClick={act(copyLink)} title="A link that holds the whole graph (lesson included), never sent to a server">
            <span>Copy link</span>
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={act(exportCanvas)} title="The canvas as a picture that also carries the graph: drop it on Convolab to open it">
            <span>Export canvas as PNG…</span>
          </button>
        </div>
      )}
    </div>
  );
}
