import { describe, expect, it } from 'vitest';
import { searchNodes } from '../../src-renderer/canvas/QuickAdd';
import { NODE_DEFINITIONS } from '../../src-shared/nodes/registry';

const types = (query: string): string[] => searchNodes(query).map((definition) => definition.type);

/** Where a type ranks for a query (0 first), or -1 when the query does not find it. */
const rank = (query: string, type: string): number => types(query).indexOf(type);

describe('searchNodes finds a node by what people call it', () => {
  it.each(['lowpass', 'low-pass', 'low pass', 'blur', 'smooth', 'average', 'Blur'])('"%s" finds the Gaussian and the box kernel among the first three', (query) => {
    expect(rank(query, 'kernel.gaussian')).toBeGreaterThanOrEqual(0);
    expect(rank(query, 'kernel.gaussian')).toBeLessThan(3);
    expect(rank(query, 'kernel.box')).toBeGreaterThanOrEqual(0);
    expect(rank(query, 'kernel.box')).toBeLessThan(3);
  });

  it('"edge" and "derivative" find the Sobel and Laplacian kernels first', () => {
    for (const query of ['edge', 'derivative']) {
      expect(types(query).slice(0, 2).sort()).toEqual(['kernel.laplacian', 'kernel.sobel']);
    }
    expect(rank('gradient', 'kernel.sobel')).toBeGreaterThanOrEqual(0);
  });

  it('"sharpen" finds the sharpen kernel first', () => {
    expect(types('sharpen')[0]).toBe('kernel.sharpen');
  });

  it('"spectrum" and "frequency" find the FFT and the spectrum plot', () => {
    for (const query of ['spectrum', 'frequency']) {
      expect(rank(query, 'op.fft')).toBeGreaterThanOrEqual(0);
      expect(rank(query, 'sink.spectrum')).toBeGreaterThanOrEqual(0);
    }
  });

  it('"inverse" finds the inverse FFTs first, and "transform" the FFTs', () => {
    expect(types('inverse').slice(0, 2)).toEqual(['op.ifft', 'op.ifft2d']);
    expect(rank('transform', 'op.fft')).toBeGreaterThanOrEqual(0);
    expect(rank('transform', 'op.ifft')).toBeGreaterThanOrEqual(0);
  });

  it('finds dice, polynomials, reverb, echo, CT, tomography, sinogram, noise and sound by intent', () => {
    expect(rank('dice', 'source.dice')).toBe(0);
    expect(rank('polynomial', 'op.convolve')).toBeGreaterThanOrEqual(0);
    expect(rank('polynomial', 'source.sequence')).toBeGreaterThanOrEqual(0);
    for (const query of ['reverb', 'echo']) expect(rank(query, 'op.convolve')).toBeGreaterThanOrEqual(0);
    for (const query of ['CT', 'tomography', 'sinogram']) {
      expect(rank(query, 'op.radon')).toBeGreaterThanOrEqual(0);
      expect(rank(query, 'op.backproject')).toBeGreaterThanOrEqual(0);
    }
    expect(rank('noise', 'kernel.gaussian')).toBeGreaterThanOrEqual(0);
    expect(rank('sound', 'source.testSound')).toBeGreaterThanOrEqual(0);
    expect(rank('sound', 'sink.audio')).toBeGreaterThanOrEqual(0);
  });

  it('ranks a title match above a tag match, and a tag match above a word of the doc', () => {
    // "Spectrum plot" says it in its title; the FFT only in its tags.
    expect(rank('spectrum', 'sink.spectrum')).toBeLessThan(rank('spectrum', 'op.fft'));
    // "Gaussian kernel" by title; Function makes a gaussian too, by tag.
    expect(types('gaussian')[0]).toBe('kernel.gaussian');
    expect(rank('gaussian', 'source.function')).toBeGreaterThan(0);
    // Every node whose title holds "kernel" comes before any that only mention it.
    const kernels = types('kernel');
    const titled = kernels.filter((type) => NODE_DEFINITIONS.find((d) => d.type === type)!.title.toLowerCase().includes('kernel'));
    expect(kernels.slice(0, titled.length)).toEqual(titled);
    // "blur": the kernels (tag) before Convolve (tag, later in the registry) and anything whose doc says blur.
    expect(rank('blur', 'op.convolve')).toBeGreaterThan(rank('blur', 'kernel.box'));
  });

  it('matches a short word at the start of a doc word only, so "ct" does not find every "direct"', () => {
    for (const type of types('ct')) {
      const definition = NODE_DEFINITIONS.find((d) => d.type === type)!;
      expect(definition.tags?.some((tag) => tag.toLowerCase() === 'ct') || /\bct/i.test(definition.doc) || /ct/i.test(definition.title + definition.type)).toBe(true);
    }
    expect(rank('ct', 'op.convolve')).toBe(-1);
  });

  it('finds what a learner calls a shape: "box" the rect function as well as the box kernel', () => {
    // "a box sliding over a box" is the rect function (a signal of time) as often as the box kernel.
    expect(types('box')).toContain('source.function');
    expect(types('box')).toContain('kernel.box');
  });

  it('every word must match, and an empty query lists every node', () => {
    expect(types('blur edge')).toEqual([]);
    expect(searchNodes('  ')).toHaveLength(NODE_DEFINITIONS.length);
    expect(rank('conv', 'op.convolve')).toBeLessThan(2);
  });

  it('every node type has tags, none empty or repeated', () => {
    for (const definition of NODE_DEFINITIONS) {
      const tags = definition.tags ?? [];
      expect(tags.length, definition.type).toBeGreaterThan(0);
      expect(tags.every((tag) => tag.trim().length > 0)).toBe(true);
      expect(new Set(tags.map((tag) => tag.toLowerCase())).size, definition.type).toBe(tags.length);
    }
  });
});
