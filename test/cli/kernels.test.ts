/**
 * The kernel rule headless: a graph file wired the way a newcomer wires it on the canvas (every
 * node on its defaults) runs with `convolab run`, as it does in the editor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { capture, type Link, tempDir, writeGraph } from './helpers';
import { readNpy } from './npy';

const nodes = [
  { id: 'function1', type: 'source.function' },
  { id: 'gaussian1', type: 'kernel.gaussian' },
  { id: 'convolve1', type: 'op.convolve' },
  { id: 'plot1', type: 'sink.plot' },
  { id: 'fft1', type: 'op.fft', params: { size: 'custom', n: 413 } },
  { id: 'fft2', type: 'op.fft', params: { size: 'custom', n: 413 } },
  { id: 'multiply1', type: 'op.multiply' },
  { id: 'ifft1', type: 'op.ifft' },
  { id: 'compare1', type: 'op.compare' },
  { id: 'table1', type: 'sink.value' },
];
const links: Link[] = [
  ['function1', 'out', 'convolve1', 'a'],
  ['gaussian1', 'out', 'convolve1', 'b'],
  ['convolve1', 'out', 'plot1', 'in'],
  ['function1', 'out', 'fft1', 'in'],
  ['gaussian1', 'out', 'fft2', 'in'],
  ['fft1', 'out', 'multiply1', 'a'],
  ['fft2', 'out', 'multiply1', 'b'],
  ['multiply1', 'out', 'ifft1', 'in'],
  ['convolve1', 'out', 'compare1', 'a'],
  ['ifft1', 'out', 'compare1', 'b'],
  ['compare1', 'out', 'table1', 'in'],
];

describe('convolab run and the kernel rule', () => {
  it('runs Function + Gaussian kernel + Convolve + Plot and the FFT route on defaults: exit 0, every node ok, Compare matches', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', writeGraph(dir, nodes, links, 'v2.convolab.json', 2), '--out', join(dir, 'out'), '--check'], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/^ran 10 nodes: 10 ok, 0 failed, 0 skipped; /);
    const plot = readNpy(readFileSync(join(dir, 'out', 'plot1.npy')));
    expect(plot.shape).toEqual([401 + 13 - 1]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'plot1.json'), 'utf8'))).toMatchObject({ type: 'signal', rate: 100, start: -206 });
    expect(JSON.parse(readFileSync(join(dir, 'out', 'table1.json'), 'utf8'))).toMatchObject({ fields: { match: 1 } });
  });

  it('reads the same wiring saved by version 1 as it meant then (a 2-D Gaussian), so it is refused in one located line', async () => {
    const dir = tempDir();
    const io = capture();
    const path = writeGraph(dir, nodes, links, 'v1.convolab.json', 1);
    expect(await main(['run', path, '--out', join(dir, 'out')], io)).toBe(2);
    expect(io.err).toBe(`convolab: ${path}: edges[1]: convolve1's kernel input (b) must carry the same type as convolve1.a (signal), but gaussian1.out gives an image (and 1 more problem: convolab validate lists them)\n`);
  });
});
