/**
 * The examples gallery's content, bundled into the renderer at build time: every
 * `examples/*.convolab.json` as text, and `examples/gallery.json` (titles, one-line summaries and
 * thumbnails made by running each example through the engine: examples/gallery.ts). Bundled, the
 * gallery is the same in the desktop app and under `convolab serve`, and needs no host call.
 */
import type { Preview } from '../../src-shared/engine/preview';
import { previewFromJson, type PreviewJson } from '../../src-shared/engine/preview-json';
import type { Params } from '../../src-shared/graph/document';
import { resolveParams } from '../../src-shared/nodes/define';
import { displayOf, type ShownDisplay } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import gallery from '../../examples/gallery.json';

export interface GalleryExample {
  readonly file: string;
  readonly title: string;
  readonly summary: string;
  readonly description: string;
  /** The node whose preview is the thumbnail, and its display params. */
  readonly node: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly preview: Preview;
  /** The graph file's text. */
  readonly text: string;
}

const texts = import.meta.glob<string>('../../examples/*.convolab.json', { query: '?raw', import: 'default', eager: true });

export const EXAMPLES: readonly GalleryExample[] = (gallery.examples as unknown as (Omit<GalleryExample, 'text' | 'preview'> & { preview: PreviewJson })[]).flatMap((entry) => {
  const text = texts[`../../examples/${entry.file}`];
  // The file holds the thumbnail as text (base64 pixels, lists of numbers): typed arrays here.
  return text === undefined ? [] : [{ ...entry, preview: previewFromJson(entry.preview), text }];
});

/** How the thumbnail is drawn: as its node's definition asks for the params stored with it. */
export function exampleDisplay(example: GalleryExample): ShownDisplay {
  const nodes = (JSON.parse(example.text) as { nodes?: readonly { id?: unknown; type?: unknown }[] }).nodes ?? [];
  const type = nodes.find((node) => node.id === example.node)?.type;
  const definition = typeof type === 'string' ? getNodeDefinition(type) : undefined;
  return displayOf(definition, definition ? resolveParams(definition, example.params as Params) : {});
}
