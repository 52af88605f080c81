/**
 * `convolab run` with volumes, end to end: a volume and cone-beam projections written as
 * (depth, height, width) npy with their sizes, origin, angles and geometry in S.json (FORMAT.md),
 * and read back by source.volume in a second run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { conebeam } from '../../src-shared/dsp/conebeam';
import { phantom3d } from '../../src-shared/dsp/phantom3d';
import { capture, tempDir, writeGraph } from './helpers';
import { readNpy } from './npy';

describe('convolab run with volumes', () => {
  it('writes a volume as (depth, height, width) npy and projections with their angles and geometry, which source.volume reads back', async () => {
    const dir = tempDir(), out = join(dir, 'out');
    const graph = writeGraph(dir, [
      { id: 'phantom', type: 'source.phantom3d', params: { pattern: 'ellipsoids', size: 12, count: 4, seed: 3 } },
      { id: 'scan', type: 'op.conebeam', params: { views: 6 } },
      { id: 'proj', type: 'sink.file', params: { path: 'proj-copy.npy' } },
      { id: 'vol', type: 'sink.file', params: { path: 'vol-copy.npy' } },
    ], [['phantom', 'out', 'scan', 'in'], ['scan', 'out', 'proj', 'in'], ['phantom', 'out', 'vol', 'in']]);
    const io = capture();
    expect(await main(['run', graph, '--out', out], io)).toBe(0);
    expect(io.err).toBe('');

    // The phantom's voxel (x, y, z) at [z][y][x] of the npy.
    const phantom = phantom3d('ellipsoids', 12, { count: 4, seed: 3 });
    const vol = readNpy(readFileSync(join(out, 'vol.npy')));
    expect(vol.shape).toEqual([12, 12, 12]);
    expect(Array.from(vol.data)).toEqual(Array.from(phantom));
    expect(JSON.parse(readFileSync(join(out, 'vol.json'), 'utf8'))).toEqual({ type: 'volume', width: 12, height: 12, depth: 12, channels: 1, origin: { x: 5.5, y: 5.5, z: 5.5 } });

    // Projections: (views, rows, columns), with what any tool needs to recompute the rays.
    const reference = conebeam(phantom, { width: 12, height: 12, depth: 12 }, { views: 6 });
    const { U, V } = reference.geometry;
    const proj = readNpy(readFileSync(join(out, 'proj.npy')));
    expect(proj.shape).toEqual([6, V, U]);
    let worst = 0;
    for (let i = 0; i < proj.data.length; i++) worst = Math.max(worst, Math.abs(proj.data[i] - reference.data[i]));
    expect(worst).toBeLessThan(1e-5);
    expect(JSON.parse(readFileSync(join(out, 'proj.json'), 'utf8'))).toEqual({
      type: 'volume', width: U, height: V, depth: 6, channels: 1, origin: { x: (U - 1) / 2, y: (V - 1) / 2, z: 2.5 },
      angles: [0, 60, 120, 180, 240, 300],
      geometry: { sod: 30, sdd: 60, du: 2, dv: 2, U, V, views: 6, volume: { width: 12, height: 12, depth: 12 } },
    });
    // sink.file wrote the same bytes where its path says.
    expect(readFileSync(join(dir, 'proj-copy.npy')).equals(readFileSync(join(out, 'proj.npy')))).toBe(true);

    // A second graph reads the written volume back and scans it again: the same projections.
    const again = writeGraph(dir, [
      { id: 'file', type: 'source.volume', params: { path: 'out/vol.npy' } },
      { id: 'scan', type: 'op.conebeam', params: { views: 6 } },
      { id: 'proj2', type: 'sink.file', params: { path: 'proj2.npy' } },
    ], [['file', 'out', 'scan', 'in'], ['scan', 'out', 'proj2', 'in']], 'again.convolab.json');
    expect(await main(['run', again, '--out', join(dir, 'out2')], capture())).toBe(0);
    expect(readFileSync(join(dir, 'out2', 'proj2.npy')).equals(readFileSync(join(out, 'proj.npy')))).toBe(true);
  });

  it('projections a run wrote are reconstructed by op.fdk in another run: their NAME.json gives them back their geometry', async () => {
    const dir = tempDir(), out = join(dir, 'out');
    const graph = writeGraph(dir, [
      { id: 'phantom', type: 'source.phantom3d', params: { pattern: 'ellipsoids', size: 12, count: 4, seed: 3 } },
      { id: 'scan', type: 'op.conebeam', params: { views: 8 } },
      { id: 'proj', type: 'sink.volume' },
      { id: 'fdk', type: 'op.fdk', params: { window: 'hann' } },
      { id: 'rec', type: 'sink.volume' },
    ], [['phantom', 'out', 'scan', 'in'], ['scan', 'out', 'proj', 'in'], ['scan', 'out', 'fdk', 'in'], ['fdk', 'out', 'rec', 'in']]);
    expect(await main(['run', graph, '--out', out], capture())).toBe(0);

    const later = writeGraph(dir, [
      { id: 'file', type: 'source.volume', params: { path: 'out/proj.npy' } },
      { id: 'fdk', type: 'op.fdk', params: { window: 'hann' } },
      { id: 'rec', type: 'sink.volume' },
    ], [['file', 'out', 'fdk', 'in'], ['fdk', 'out', 'rec', 'in']], 'later.convolab.json');
    const io = capture();
    expect(await main(['run', later, '--out', join(dir, 'out2')], io)).toBe(0);
    expect(io.err).toBe('');
    // The same volume, to the bit, and described the same (FDK's size 0: the grid the scan was made from).
    expect(readFileSync(join(dir, 'out2', 'rec.npy')).equals(readFileSync(join(out, 'rec.npy')))).toBe(true);
    expect(readFileSync(join(dir, 'out2', 'rec.json'), 'utf8')).toBe(readFileSync(join(out, 'rec.json'), 'utf8'));

    // A description that does not fit the file is not used, and the node says so; op.fdk then says what it lacks.
    const meta = JSON.parse(readFileSync(join(out, 'proj.json'), 'utf8')) as { geometry: { views: number } };
    meta.geometry.views = 9;
    writeFileSync(join(out, 'proj.json'), JSON.stringify(meta));
    const wrong = capture();
    expect(await main(['run', later, '--out', join(dir, 'out3')], wrong)).toBe(1);
    expect(wrong.err).toContain('out/proj.json not used: its geometry says 9 views of');
    expect(wrong.err).toContain('but the file holds 8 planes of');
    expect(wrong.err).toContain('node fdk (op.fdk): in carries no cone-beam geometry');
  });

  it('a file that is no volume fails on its own node with one located line; the rest of the graph still runs', async () => {
    const dir = tempDir(), out = join(dir, 'out');
    writeFileSync(join(dir, 'empty.npy'), '');
    const graph = writeGraph(dir, [
      { id: 'file', type: 'source.volume', params: { path: 'empty.npy' } },
      { id: 'scan', type: 'op.conebeam', params: { views: 4 } },
      { id: 'a', type: 'sink.file', params: { path: 'a.npy' } },
      { id: 'phantom', type: 'source.phantom3d', params: { pattern: 'sphere', size: 8 } },
      { id: 'b', type: 'sink.file', params: { path: 'b.npy' } },
    ], [['file', 'out', 'scan', 'in'], ['scan', 'out', 'a', 'in'], ['phantom', 'out', 'b', 'in']]);
    const io = capture();
    expect(await main(['run', graph, '--out', out], io)).toBe(1);
    expect(io.err).toBe('convolab: node file (source.volume): empty.npy: not a volume file: expected .npy (\\x93NUMPY) or NIfTI-1 (.nii, .nii.gz)\n');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { nodes: { id: string; status: string }[] };
    expect(Object.fromEntries(run.nodes.map((n) => [n.id, n.status]))).toEqual({ file: 'error', scan: 'skipped', a: 'skipped', phantom: 'ok', b: 'ok' });
    expect(readNpy(readFileSync(join(out, 'b.npy'))).shape).toEqual([8, 8, 8]);
  });
});
