import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeWav } from '../../src-shared/io/wav';
import { capture, type Link, tempDir, writeGraph } from './helpers';

/**
 * A batch worker encodes every `.npy` it stages into one buffer, reused file after file and input
 * after input (NpyEncoder; docs/batch-io.md, "Beside the graph"). These inputs shrink and grow
 * (a long one, then shorter ones, then a longer one), and each input's sinks are of three sizes
 * (the signal, its spectrum's pairs, and the spectrum's magnitude), so that a file encoded after a longer
 * one would show the longer one's tail if the encoder handed out more than it wrote, and a file
 * whose bytes were written after the next encoding (a staging that kept the bytes to write
 * later) would hold the next file's numbers. Every file must be byte for byte a single run's.
 */
const LENGTHS = [12000, 9000, 3000, 9001, 2000, 15000, 4000, 7000];

function inputs(dir: string): string[] {
  mkdirSync(join(dir, 'data'));
  return LENGTHS.map((length, f) => {
    const x = Float64Array.from({ length }, (_, i) => Math.cos(i * (0.013 + 0.005 * f)) * Math.exp(-i / (1500 + 700 * f)) - 0.05 * f);
    const wav = writeWav([x], 8000);
    if (!wav.ok) throw new Error(wav.error);
    const file = `data/in${f}.wav`;
    writeFileSync(join(dir, file), wav.value);
    return file;
  });
}

/** in → plot; in → fft → spectrum sink (its (re, im) pairs); fft → magnitude → plot. */
function graph(dir: string): string {
  const nodes = [
    { id: 'in', type: 'source.audio', params: { path: '' } },
    { id: 'plot', type: 'sink.plot' },
    { id: 'fft', type: 'op.fft' },
    { id: 'spectrum', type: 'sink.spectrum' },
    { id: 'mag', type: 'op.magnitude' },
    { id: 'magPlot', type: 'sink.plot' },
  ];
  const links: Link[] = [
    ['in', 'out', 'plot', 'in'],
    ['in', 'out', 'fft', 'in'],
    ['fft', 'out', 'spectrum', 'in'],
    ['fft', 'out', 'mag', 'in'],
    ['mag', 'out', 'magPlot', 'in'],
  ];
  return writeGraph(dir, nodes, links, 'shrink.convolab.json');
}

describe('a batch worker’s reused .npy buffer', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('leaves no input’s or file’s bytes in another’s file, as inputs shrink and grow (-j 1 and -j 2)', async () => {
    dir = tempDir();
    const files = inputs(dir);
    const path = graph(dir);
    // The reference: a single `convolab run` of each input (no batch worker, a new array per file).
    const singles = await Promise.all(
      files.map(async (file, f) => {
        const single = join(dir, `single-${f}`);
        const io = capture(dir);
        expect(await main(['run', path, '--out', single, '--set', `in.path=${join(dir, file)}`], io), io.err).toBe(0);
        return single;
      }),
    );
    for (const jobs of [1, 2]) {
      const out = join(dir, `batch-j${jobs}`);
      const io = capture(dir);
      expect(await main(['run', path, '--out', out, '--each', 'in.path=data/*.wav', '-j', String(jobs)], io), io.err).toBe(0);
      for (const [f, single] of singles.entries()) {
        const names = readdirSync(single).filter((name) => name !== 'run.json').sort();
        expect(names).toEqual(['magPlot.json', 'magPlot.npy', 'plot.json', 'plot.npy', 'spectrum.json', 'spectrum.npy']);
        expect(readdirSync(join(out, `in${f}`)).filter((name) => name !== 'run.json').sort()).toEqual(names);
        for (const name of names) {
          const batchBytes = readFileSync(join(out, `in${f}`, name));
          expect(batchBytes.equals(readFileSync(join(single, name))), `-j ${jobs} in${f}/${name} (${batchBytes.length} bytes)`).toBe(true);
        }
      }
    }
  }, 120_000);
});
