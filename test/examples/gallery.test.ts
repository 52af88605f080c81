import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryEntry, galleryJson, firstSentence, type GalleryEntry } from '../../examples/gallery';
import { EXAMPLE_FILES } from '../../examples/generate';
import { loadGraph } from '../../src-shared/graph/load';

const examplesDir = join(import.meta.dirname, '../../examples');
const gallery = JSON.parse(readFileSync(join(examplesDir, 'gallery.json'), 'utf8')) as { examples: GalleryEntry[] };

describe('the examples gallery', () => {
  it('has one card per example, in the story\'s order, with its title and the first sentence of its description', () => {
    expect(gallery.examples.map((entry) => entry.file)).toEqual(EXAMPLE_FILES);
    for (const entry of gallery.examples) {
      const loaded = loadGraph(readFileSync(join(examplesDir, entry.file), 'utf8'));
      if (!loaded.ok) throw new Error(loaded.error);
      expect(entry.title).toBe(loaded.document.meta?.title);
      expect(entry.description).toBe(loaded.document.meta?.description);
      expect(entry.description.startsWith(entry.summary)).toBe(true);
      expect(entry.summary.length).toBeLessThanOrEqual(entry.description.length);
      const node = loaded.document.nodes.find((n) => n.id === entry.node);
      expect(node, `${entry.file}: ${entry.node}`).toBeDefined();
      // An image sink's thumbnail is its image; a plot's a signal.
      if (node!.type === 'sink.image') expect(entry.preview.kind).toBe('image');
      if (node!.type === 'sink.plot') expect(entry.preview.kind).toBe('signal');
    }
  });

  it('cuts a description at its first sentence, not at a decimal point or an abbreviation inside it', () => {
    expect(firstSentence('Sliding one box over another gives a triangle. With integral on, the sum is scaled.')).toBe('Sliding one box over another gives a triangle.');
    expect(firstSentence('P(sum = 7) = 6/36 = 1/6.')).toBe('P(sum = 7) = 6/36 = 1/6.');
    expect(firstSentence('Noise decaying as e^(−t/0.3 s) sounds like a room. The result is written.')).toBe('Noise decaying as e^(−t/0.3 s) sounds like a room.');
  });

  it('is what running the generator gives now (two dice, regenerated whole)', async () => {
    const file = 'two-dice.convolab.json';
    const fresh = await galleryEntry(file, readFileSync(join(examplesDir, file), 'utf8'));
    const committed = gallery.examples.find((entry) => entry.file === file)!;
    expect(JSON.parse(galleryJson([fresh])).examples[0]).toEqual(committed);
    // The thumbnail is the PMF of the sum: 11 outcomes, 2 to 12, peaking at 7 with 1/6.
    expect(fresh.preview).toMatchObject({ kind: 'signal', length: 11, start: 2 });
    expect(fresh.preview.kind === 'signal' ? Math.max(...fresh.preview.max) : 0).toBe(Math.fround(1 / 6));
  });
});
