/**
 * The editor writes no files (a File sink there says so): only `convolab run` does. A
 * shipped example's description or lesson that names a file its File sink writes must say that
 * convolab run writes it, or a learner goes looking for a file the editor never made.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES } from '../../examples/generate';

interface ExampleFile {
  nodes: { type: string; params?: { path?: string } }[];
  meta?: { description?: string; lesson?: { text: string }[] };
}

const examplesDir = join(import.meta.dirname, '../../examples');

describe('examples with a File sink', () => {
  const withSinks = EXAMPLE_FILES.map((file) => ({ file, graph: JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as ExampleFile })).filter(({ graph }) =>
    graph.nodes.some((node) => node.type === 'sink.file'),
  );

  it('are among the shipped ones (the reverb writes reverb.wav)', () => {
    expect(withSinks.map(({ file }) => file)).toContain('convolution-reverb.convolab.json');
  });

  for (const { file, graph } of withSinks) {
    it(`${file}: every text naming a written file says convolab run writes it`, () => {
      const paths = graph.nodes.filter((node) => node.type === 'sink.file').map((node) => node.params?.path ?? '');
      const texts = [graph.meta?.description ?? '', ...(graph.meta?.lesson ?? []).map((step) => step.text)];
      const naming = texts.filter((text) => paths.some((path) => path !== '' && text.includes(path)));
      expect(naming.length).toBeGreaterThan(0);
      for (const text of naming) expect(text).toContain('convolab run');
    });
  }
});
