import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES } from '../../../../examples/generate';
import { lessonCatalog, STORY } from '../../../../src-renderer/views/lesson/catalog';

describe('the lessons shipped with the editor', () => {
  it('are every example, in the order the convolution story is told', () => {
    const catalog = lessonCatalog();
    expect(catalog.map((entry) => entry.name)).toEqual(STORY);
    expect([...STORY].sort()).toEqual(EXAMPLE_FILES.map((file) => file.replace('.convolab.json', '')).sort());
    // dice → polynomials → sliding functions → kernels → the theorem → CNN → CT
    const order = ['two-dice', 'polynomial-multiplication', 'rect-rect-triangle', 'image-kernels', 'convolution-theorem', 'cnn-layer', 'ct-reconstruction'];
    expect(order.map((name) => STORY.indexOf(name))).toEqual([...order.map((name) => STORY.indexOf(name))].sort((a, b) => a - b));
  });

  it('load through the file loader, each with its lesson', () => {
    for (const entry of lessonCatalog()) {
      const loaded = entry.load();
      expect(loaded.ok, entry.name).toBe(true);
      if (loaded.ok) expect(loaded.document.meta?.lesson).toHaveLength(entry.steps);
    }
  });
});
