/**
 * Writes `examples/gallery.json`, what the examples gallery shows for each example: its title,
 * a one-line summary (the description's first sentence), and a thumbnail — the preview of the
 * node that tells the example's story, computed by running the example through the engine, so
 * the gallery draws it with the same code as the canvas. The renderer bundles this file and the
 * examples themselves, so the gallery works the same in the desktop app and under `convolab serve`.
 * Run after changing an example:
 *   npx tsx examples/generate.ts && npx tsx examples/gallery.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src-shared/engine/engine';
import { makePreview, type Preview } from '../src-shared/engine/preview';
import { previewToJson } from '../src-shared/engine/preview-json';
import { loadGraph } from '../src-shared/graph/load';
import { resolveParams } from '../src-shared/nodes/define';
import { getNodeDefinition } from '../src-shared/nodes/registry';
import { shippedModelReader } from '../src-main/files/models';
import { DEFAULT_MEMORY_LIMIT } from '../src-shared/engine/engine';
import { EXAMPLE_FILES } from './generate';

export interface GalleryEntry {
  /** The example's file name in examples/. */
  readonly file: string;
  readonly title: string;
  /** The description's first sentence. */
  readonly summary: string;
  readonly description: string;
  /** The node whose preview is the thumbnail, and its display params (colour map, plot style). */
  readonly node: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly preview: Preview;
}

/** The node that shows what each example is about (else the first plot or image sink). */
const THUMBNAIL_NODES: Readonly<Record<string, string>> = {
  'convolution-theorem.convolab.json': 'plot',
  'convolution-theorem-2d.convolab.json': 'fftView',
  'image-kernels.convolab.json': 'sobelXView',
  'cnn-layer.convolab.json': 'maps',
  'ct-reconstruction.convolab.json': 'reconView',
  'ct-reconstruction-block.convolab.json': 'reconView',
  'ct-3d-sparse.convolab.json': 'sparseView',
  'convolution-reverb.convolab.json': 'wet',
  'parseval.convolab.json': 'magnitude',
};

/** Thumbnails are a little larger than a node's preview (cards are wider) and stay small in the bundle. */
const THUMBNAIL_SIZE = { columns: 260, thumbnail: 96 };

/** The first sentence: up to the first full stop followed by a space and a capital, or all of it. */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])\s+(?=[A-Z(])/.exec(text);
  return (match ? match[1]! : text).trim();
}

export async function galleryEntry(file: string, text: string): Promise<GalleryEntry> {
  const loaded = loadGraph(text);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.error}`);
  const document = loaded.document;
  const chosen =
    THUMBNAIL_NODES[file] ??
    document.nodes.find((node) => node.type === 'sink.image' || node.type === 'sink.plot' || node.type === 'sink.spectrum')?.id;
  const node = document.nodes.find((n) => n.id === chosen);
  if (!node) throw new Error(`${file}: no node ${chosen} for the thumbnail`);
  const definition = getNodeDefinition(node.type);
  if (!definition) throw new Error(`${file}: unknown type ${node.type}`);
  // Sinks that write files (reverb.wav) are not run here: the gallery only looks. The shipped
  // model is read as `convolab run` reads it, so a graph with op.unet3d runs whole.
  const engine = new Engine({
    readFile: async (path) => Promise.reject(new Error(`${path}: the gallery reads no files`)),
    readModel: shippedModelReader(DEFAULT_MEMORY_LIMIT),
  });
  let value;
  await engine.run(document, {
    onNodeDone: (outcome) => {
      if (outcome.report.id === node.id) value = outcome.sink ?? outcome.outputs[definition.outputs[0]?.id ?? 'out'];
    },
  });
  if (!value) throw new Error(`${file}: node ${node.id} produced no value`);
  const params = definition.category === 'sink' ? resolveParams(definition, node.params) : {};
  const description = String(document.meta?.description ?? '');
  return {
    file,
    title: String(document.meta?.title ?? file),
    summary: firstSentence(description),
    description,
    node: node.id,
    params,
    preview: makePreview(value, THUMBNAIL_SIZE),
  };
}

/**
 * The gallery file's text, previews in their text form (preview-json.ts). Five significant digits
 * are more than a thumbnail shows, and keep the bundle small.
 */
export function galleryJson(entries: readonly GalleryEntry[]): string {
  const rounded = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value;
  const stored = entries.map((entry) => ({ ...entry, preview: previewToJson(entry.preview) }));
  return JSON.stringify({ examples: stored }, rounded) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries: GalleryEntry[] = [];
  for (const file of EXAMPLE_FILES) {
    entries.push(await galleryEntry(file, readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')));
  }
  writeFileSync(new URL('./gallery.json', import.meta.url), galleryJson(entries));
  process.stdout.write(`wrote the gallery of ${entries.length} examples\n`);
}
