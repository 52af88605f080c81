import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES } from '../../../../examples/generate';
import { loadGraph } from '../../../../src-shared/graph/load';
import { lessonCatalog } from '../../../../src-renderer/views/lesson/catalog';

describe('the lessons shipped with the editor', () => {
  it('are every example, in the order the convolution story is told', () => {
    const names = lessonCatalog().map((entry) => entry.file.replace('.convolab.json', ''));
    expect([...names].sort()).toEqual(EXAMPLE_FILES.map((file) => file.replace('.convolab.json', '')).sort());
    // dice → polynomials → sliding functions → kernels → the theorem → CNN → CT
    const story = ['two-dice', 'polynomial-multiplication', 'rect-rect-triangle', 'image-kernels', 'convolution-theorem', 'cnn-layer', 'ct-reconstruction'];
    const at = story.map((name) => names.indexOf(name));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('load through the file loader, each with its lesson', () => {
    for (const entry of lessonCatalog()) {
      const loaded = loadGraph(entry.text);
      expect(loaded.ok, entry.file).toBe(true);
      if (loaded.ok) expect(loaded.document.meta?.lesson).toHaveLength(entry.steps);
    }
  });
});
