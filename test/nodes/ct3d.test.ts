/**
 * The cone-beam nodes (op.conebeam, op.fdk, op.slice, op.dataConsistency) against independent
 * references: closed-form chords through a ball, the phantom's own orientation at off-centre
 * features, error off the object for sparse views, and the data-consistency formula recomputed
 * from the DSP functions; then their errors, each on its own node with the rest of the graph running.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { type Image, makeVolume, type Value, type ValueRecord, type Volume } from '../../src-shared/data';
import { conebeam } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';
import { phantom3d } from '../../src-shared/dsp/phantom3d';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { type ComputeContext, ResourceLimitError, resolveParams } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { chord, ray } from '../dsp/ct3d-reference';
import { errorOf, maxDiff, runNode, testContext, value } from './harness';

const cube = (data: Float32Array, size: number): Volume => makeVolume(data, size, size, size);

async function project(volume: Volume, params: Record<string, number> = {}): Promise<Volume> {
  return (await value('op.conebeam', { in: volume }, params)) as Volume;
}

async function reconstruct(projections: Volume, params: Record<string, number | string> = {}): Promise<Volume> {
  return (await value('op.fdk', { in: projections }, params)) as Volume;
}

/** Both outputs of op.dataConsistency (the harness returns only `out`). */
async function consistency(x: Volume, p: Volume, params: Record<string, number>, context: ComputeContext = testContext): Promise<{ out: Volume; residual: ValueRecord }> {
  const definition = getNodeDefinition('op.dataConsistency')!;
  const result = await definition.compute({ x, p }, resolveParams(definition, params), context);
  if (!result.ok) throw new Error(result.error);
  return { out: result.outputs.out as Volume, residual: result.outputs.residual as ValueRecord };
}

describe('op.conebeam', () => {
  it('measures the closed-form chord through a ball, and carries angles and the geometry with the volume\'s sides', async () => {
    const size = 32, radius = size / 4;
    const projections = await project(cube(phantom3d('sphere', size), size), { views: 8 });
    const geometry = projections.geometry!;
    expect(geometry).toMatchObject({ sod: 80, sdd: 160, du: 2, dv: 2, views: 8, volume: { width: 32, height: 32, depth: 32 } });
    expect([projections.width, projections.height, projections.depth]).toEqual([geometry.U, geometry.V, 8]);
    expect(Array.from(projections.angles!)).toEqual([0, 45, 90, 135, 180, 225, 270, 315]);
    let sumError = 0, rays = 0;
    for (let view = 0; view < 8; view++) {
      for (let v = 0; v < geometry.V; v++) for (let u = 0; u < geometry.U; u++) {
        const { source, pixel } = ray(geometry, projections.angles![view], u, v);
        const { length, depth } = chord(source, pixel, [0, 0, 0], [radius, radius, radius]);
        if (depth > 0.6) continue;
        sumError += Math.abs(projections.data[(view * geometry.V + v) * geometry.U + u] - length);
        rays++;
      }
    }
    expect(rays).toBeGreaterThan(300);
    // Voxelisation moves the edge by up to half a voxel: the mean error stays well under one voxel.
    expect(sumError / rays).toBeLessThan(0.35);
  });

  it('refuses a source inside the volume, a volume of several channels and sizes over the budget, in one line each', async () => {
    const volume = cube(new Float32Array(32 ** 3), 32);
    expect(await errorOf('op.conebeam', { in: volume }, { sod: 20 })).toBe('the source (sod 20) passes inside the 32 × 32 × 32 volume; set sod above 24 voxels');
    expect(await errorOf('op.conebeam', { in: makeVolume(new Float32Array(2 * 8 ** 3), 8, 8, 8, { channels: 2 }) })).toMatch(/one channel, but the volume has 2/);
    // 3600 views of 16384² pixels is 3.9 TB: refused by the budget before anything is allocated
    // (allocating first would fail with the engine's RangeError instead of this message).
    const huge = await errorOf('op.conebeam', { in: volume }, { views: 3600, detectorWidth: 16384, detectorHeight: 16384 });
    expect(huge).toMatch(/^3600 views of 16384 × 16384 pixels would need too much$/);
  });
});

describe('op.fdk', () => {
  it('rebuilds a centred sphere to within a few percent inside, at the size the projections were made from', async () => {
    const size = 40, radius = size / 4, h = (size - 1) / 2;
    const out = await reconstruct(await project(cube(phantom3d('sphere', size), size), { views: 120 }));
    expect([out.width, out.height, out.depth]).toEqual([size, size, size]);
    let sum = 0, count = 0, worst = 0;
    for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      if (Math.hypot(x - h, y - h, z - h) > radius - 3) continue;
      const v = out.data[(z * size + y) * size + x];
      sum += v; count++; worst = Math.max(worst, Math.abs(v - 1));
    }
    expect(Math.abs(sum / count - 1)).toBeLessThan(0.03);
    expect(worst).toBeLessThan(0.08);
  });

  it('keeps the Shepp–Logan phantom upright: at off-centre features and their mirror images the reconstruction differs as the phantom does', async () => {
    const size = 64, c = size - 1;
    const phantom = phantom3d('shepp-logan', size);
    const recon = (await reconstruct(await project(cube(phantom, size), { views: 120 }))).data;
    const at = (data: Float32Array, x: number, y: number, z: number) => data[(z * size + y) * size + x];
    // Where the phantom is flat over a 3³ neighbourhood, so edges' blur does not enter.
    const flat = (x: number, y: number, z: number) => {
      const v = at(phantom, x, y, z);
      for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (at(phantom, x + dx, y + dy, z + dz) !== v) return false;
      return true;
    };
    for (const axis of ['x', 'y', 'z'] as const) {
      let agree = 0, disagree = 0;
      for (let z = 2; z < size - 2; z++) for (let y = 2; y < size - 2; y++) for (let x = 2; x < size - 2; x++) {
        const [mx, my, mz] = axis === 'x' ? [c - x, y, z] : axis === 'y' ? [x, c - y, z] : [x, y, c - z];
        const expected = at(phantom, x, y, z) - at(phantom, mx, my, mz);
        if (Math.abs(expected) < 0.1 || !flat(x, y, z) || !flat(mx, my, mz)) continue;
        const seen = at(recon, x, y, z) - at(recon, mx, my, mz);
        if (Math.sign(seen) === Math.sign(expected) && Math.abs(seen - expected) < 0.5 * Math.abs(expected)) agree++;
        else disagree++;
      }
      console.log(`Shepp–Logan 64³ mirrored along ${axis}: ${agree} flat feature voxels agree with the phantom, ${disagree} do not`);
      // The head is far from symmetric top to bottom and front to back; left and right differ
      // only at the tips of the ventricles (a mirrored x turns all of these into disagreements).
      expect(agree, axis).toBeGreaterThanOrEqual(axis === 'x' ? 8 : 50);
      expect(disagree / (agree + disagree), axis).toBeLessThan(0.05);
    }
  });

  it('streaks from 24 views: far more error off the object than from 120, less with a window', async () => {
    const size = 48, phantom = phantom3d('shepp-logan', size);
    const off = (views: number, window = 'ram-lak') => project(cube(phantom, size), { views }).then((p) => reconstruct(p, { window })).then((out) => {
      // Outside the head by at least two voxels, where the truth is 0.
      let sum = 0, count = 0;
      for (let z = 2; z < size - 2; z++) for (let y = 2; y < size - 2; y++) for (let x = 2; x < size - 2; x++) {
        let empty = true;
        for (let d = -2; d <= 2 && empty; d++) {
          if (phantom[(z * size + y) * size + x + d] !== 0 || phantom[(z * size + y + d) * size + x] !== 0 || phantom[((z + d) * size + y) * size + x] !== 0) empty = false;
        }
        if (!empty) continue;
        sum += out.data[(z * size + y) * size + x] ** 2;
        count++;
      }
      expect(count).toBeGreaterThan(1000);
      return Math.sqrt(sum / count);
    });
    const [full, sparse, smoothed] = [await off(120), await off(24), await off(24, 'hann')];
    console.log(`RMS off the head: 120 views ${full.toFixed(4)}, 24 views ${sparse.toFixed(4)}, 24 views with the Hann window ${smoothed.toFixed(4)}`);
    expect(sparse).toBeGreaterThan(3 * full);
    // The window tames the streaks' high frequencies.
    expect(smoothed).toBeLessThan(0.9 * sparse);
  });

  it('builds a size³ volume when asked, and refuses what is not projections or would put the source inside', async () => {
    const projections = await project(cube(phantom3d('sphere', 16), 16), { views: 12 });
    const bigger = await reconstruct(projections, { size: 24 });
    expect([bigger.width, bigger.height, bigger.depth]).toEqual([24, 24, 24]);
    // The same voxels, centred (as the param's doc says): a larger size adds a margin of 4 on each
    // side around the 16³ reconstruction, a smaller one is its centre; neither resamples.
    const same = await reconstruct(projections);
    const smaller = await reconstruct(projections, { size: 8 });
    const part = (volume: Volume, side: number, from: number) => {
      const out = new Float32Array(side ** 3);
      for (let z = 0; z < side; z++) for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
        out[(z * side + y) * side + x] = volume.data[((z + from) * volume.height + y + from) * volume.width + x + from]!;
      }
      return out;
    };
    expect(maxDiff(part(bigger, 16, 4), same.data)).toBeLessThan(1e-5);
    expect(maxDiff(smaller.data, part(same, 8, 4))).toBeLessThan(1e-5);
    expect(await errorOf('op.fdk', { in: cube(new Float32Array(8 ** 3), 8) })).toBe("in carries no cone-beam geometry: connect op.conebeam's output (projections), or a Volume file whose NAME.json beside it holds their geometry (as convolab run writes it), not a plain volume");
    // sod 40: a cube reaches (n + 1)/√2 from the axis, so 56 is the largest side the orbit clears.
    expect(await errorOf('op.fdk', { in: projections }, { size: 60 })).toBe('the source (sod 40) passes inside the 60 × 60 × 60 volume: set size below 56');
    const cropped = makeVolume(projections.data.subarray(0, projections.width * projections.height), projections.width, projections.height, 1, { geometry: projections.geometry! });
    expect(await errorOf('op.fdk', { in: cropped })).toMatch(/^in: the geometry says 12 views of \d+ × \d+ pixels, but the volume is \d+ × \d+ × 1: connect op.conebeam's output unchanged$/);
    const far = await project(cube(phantom3d('sphere', 16), 16), { views: 12, sod: 2000 });
    expect(await errorOf('op.fdk', { in: far }, { size: 2048 })).toMatch(/^a 2048 × 2048 × 2048 reconstruction from 12 views would need too much$/);
  });
});

describe('op.slice', () => {
  it('takes planes across each axis with (x, y), (x, z) and (y, z) as columns and rows, −1 the middle', async () => {
    // Voxel (x, y, z) holds 100·z + 10·y + x, so every value names where it came from.
    const [w, h, d] = [5, 4, 3];
    const data = new Float32Array(w * h * d);
    for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(z * h + y) * w + x] = 100 * z + 10 * y + x;
    const volume = makeVolume(data, w, h, d);
    const z1 = (await value('op.slice', { in: volume }, { axis: 'z', index: -1 })) as Image;
    expect([z1.width, z1.height, z1.data[2 * w + 3]]).toEqual([w, h, 123]);
    const y2 = (await value('op.slice', { in: volume }, { axis: 'y', index: 2 })) as Image;
    expect([y2.width, y2.height, y2.data[1 * w + 4]]).toEqual([w, d, 124]);
    const x4 = (await value('op.slice', { in: volume }, { axis: 'x', index: 4 })) as Image;
    expect([x4.width, x4.height, x4.data[2 * h + 3]]).toEqual([h, d, 234]);
    const past = await runNode('op.slice', { in: volume }, { axis: 'z', index: 9 });
    expect(past.ok && past.info).toBe('index 9 is past the 3 planes along z: showing the last (2)');
    // A plane that is not the one asked for is a warning; the middle one asked by −1 is not.
    expect(past.ok && past.warning).toBe(true);
    expect(await runNode('op.slice', { in: volume }, { axis: 'z', index: -1 })).not.toHaveProperty('warning');
  });

  it('says a detector row of cone-beam projections is a 360° cone-beam sinogram, not one for op.backproject', async () => {
    const projections = await project(cube(phantom3d('sphere', 16), 16), { views: 12 });
    const row = await runNode('op.slice', { in: projections }, { axis: 'y' });
    expect(row.ok && row.info).toBe('a detector row across all 12 views: a cone-beam sinogram over 360° (op.backproject takes parallel beams over 180°: reconstruct with op.fdk)');
    expect(row.ok && row.warning).toBeFalsy();
    // A view (z) is one X-ray picture, and a plain volume's y plane is a plane: nothing to say.
    expect(await runNode('op.slice', { in: projections }, { axis: 'z' })).not.toHaveProperty('info');
    expect(await runNode('op.slice', { in: cube(phantom3d('sphere', 16), 16) }, { axis: 'y' })).not.toHaveProperty('info');
  });
});

describe('op.dataConsistency', () => {
  const size = 32, grid = { width: size, height: size, depth: size };
  const truth = phantom3d('shepp-logan', size);

  it('computes x + λ·FDK(p − A x) with A the projection of p\'s geometry, and ‖A x − p‖/‖p‖ before and after', async () => {
    const p = await project(cube(truth, size), { views: 24 });
    const x = truth.map((v, i) => 0.6 * v + 0.01 * Math.sin(i));
    const { out, residual } = await consistency(cube(x, size), p, { weight: 0.7, iterations: 1 });
    // Recomputed with the DSP functions: one projection, the residual, one FDK.
    const ax = conebeam(x, grid, p.geometry!).data;
    const r = p.data.map((v, i) => v - ax[i]);
    const correction = fdk(r, p.geometry!, p.angles!, grid, { window: 'hamming' });
    expect(maxDiff(out.data, x.map((v, i) => v + 0.7 * correction[i]))).toBeLessThan(1e-5);
    // Not the bare ramp's FDK.
    const bareCorrection = fdk(r, p.geometry!, p.angles!, grid);
    expect(maxDiff(out.data, x.map((v, i) => v + 0.7 * bareCorrection[i]))).toBeGreaterThan(1e-3);
    const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
    expect(residual.fields.before).toBeCloseTo(norm(r) / norm(p.data), 6);
    const after = conebeam(out.data, grid, p.geometry!).data;
    expect(residual.fields.after).toBeCloseTo(norm(p.data.map((v, i) => v - after[i])) / norm(p.data), 6);
  });

  it('at least halves the projection residual in one step at λ = 1, and brings x closer to the truth', async () => {
    // A volume near the truth but wrong in the large (a structure added, contrast off), as a
    // network's output may be; the measurement is sparse (24 views).
    const p = await project(cube(truth, size), { views: 24 });
    const extra = phantom3d('ellipsoids', size, { count: 4, seed: 5 });
    const x = truth.map((v, i) => 0.9 * v + 0.3 * extra[i]);
    const { out, residual } = await consistency(cube(x, size), p, { weight: 1, iterations: 1 });
    expect(residual.fields.after).toBeLessThan(residual.fields.before / 2);
    const rmse = (a: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / a.length);
    expect(rmse(out.data)).toBeLessThan(0.7 * rmse(x));
    // More steps keep going down.
    const three = await consistency(cube(x, size), p, { weight: 1, iterations: 3 });
    expect(three.residual.fields.after).toBeLessThan(residual.fields.after);
  });

  it('says when a step raised the residual, at the step each run\'s own residual shows, and what to do', async () => {
    // 24 views of a 64³ volume, from x = 0: at λ = 1 the steps over-correct within five.
    const size = 64;
    const truth = phantom3d('ellipsoids', size, { count: 12, seed: 10001 });
    const p = await project(cube(truth, size), { views: 24 });
    const x = cube(new Float32Array(size ** 3), size);
    const definition = getNodeDefinition('op.dataConsistency')!;
    const run = (weight: number, iterations: number) => definition.compute({ x, p }, resolveParams(definition, { weight, iterations }), testContext);
    // The residual after k steps, each from a run of its own (not from the note's bookkeeping).
    const afters = [1];
    let fiveSteps: Awaited<ReturnType<typeof run>> | undefined;
    for (let k = 1; k <= 5; k++) {
      const result = await run(1, k);
      if (!result.ok) throw new Error(result.error);
      afters.push((result.outputs.residual as ValueRecord).fields.after);
      fiveSteps = result;
    }
    const rose = afters.findIndex((after, k) => k > 0 && after > afters[k - 1]);
    expect(rose).toBeGreaterThan(1);
    expect(fiveSteps!.ok && fiveSteps!.info).toMatch(new RegExp(`^lower λ: the residual rose at step ${rose} \\(`));
    expect(fiveSteps!.ok && fiveSteps!.warning).toBe(true);
    // Steps that keep lowering it say nothing.
    const small = await run(1, rose - 1);
    expect(small.ok && small.info).toBeFalsy();
  }, 120_000);

  it('gives the same volume with the host\'s threads as without', async () => {
    const pool = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      const p = await project(cube(truth, size), { views: 16 });
      const x = cube(truth.map((v) => 0.5 * v), size);
      const alone = await consistency(x, p, { iterations: 2 });
      const split = await consistency(x, p, { iterations: 2 }, { ...testContext, parallel: pool });
      expect(maxDiff(split.out.data, alone.out.data)).toBeLessThan(1e-5);
      expect(split.residual.fields.after).toBeCloseTo(alone.residual.fields.after, 6);
    } finally {
      await pool.dispose();
    }
  });

  it('claims its memory from the run\'s budget before it allocates, and stops there when refused', async () => {
    const p = await project(cube(truth, size), { views: 8 });
    let progressed = false;
    const tight: ComputeContext = {
      ...testContext,
      progress: () => { progressed = true; },
      reserve: (bytes, what) => { if (bytes > 256 * 1024) throw new ResourceLimitError(`${what} would need ${bytes} bytes`); },
    };
    await expect(consistency(cube(truth, size), p, {}, tight)).rejects.toThrow(/^data consistency on a 32 × 32 × 32 volume from 8 views would need \d+ bytes$/);
    // Nothing was projected or reconstructed before the refusal.
    expect(progressed).toBe(false);
  });

  it('refuses x of another size than p was measured from, x that is projections, and p that is not projections', async () => {
    const p = await project(cube(truth, size), { views: 8 });
    await expect(consistency(p, p, {})).rejects.toThrow("x: these are cone-beam projections, not a volume: connect the volume to correct (op.fdk's or op.unet3d's output) to x, and the projections to p");
    await expect(consistency(cube(new Float32Array(16 ** 3), 16), p, {})).rejects.toThrow('x is 16 × 16 × 16 but p was measured from a 32 × 32 × 32 volume: connect a volume of that size');
    await expect(consistency(cube(truth, size), cube(truth, size), {})).rejects.toThrow("p carries no cone-beam geometry: connect op.conebeam's output (projections), or a Volume file whose NAME.json beside it holds their geometry (as convolab run writes it), not a plain volume");
  });
});

describe('the cone-beam chain in the engine', () => {
  const pool = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => pool.dispose());
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
  const edge = (id: string, source: string, target: string, targetHandle: string, sourceHandle = 'out') => ({ id, source, sourceHandle, target, targetHandle });

  it('a bad geometry fails on its own node while the rest of the graph runs, threads or not', async () => {
    const doc = {
      format: 'convolab.graph', version: 1,
      nodes: [
        node('phantom', 'source.phantom3d', { pattern: 'shepp-logan', size: 24 }),
        node('scan', 'op.conebeam', { views: 30 }),
        node('inside', 'op.conebeam', { sod: 10 }),
        node('recon', 'op.fdk', {}),
        node('lost', 'op.fdk', {}),
        node('plane', 'op.slice', { axis: 'y' }),
        node('show', 'sink.image', {}),
      ],
      edges: [
        edge('e1', 'phantom', 'scan', 'in'), edge('e2', 'phantom', 'inside', 'in'),
        edge('e3', 'scan', 'recon', 'in'), edge('e4', 'inside', 'lost', 'in'),
        edge('e5', 'recon', 'plane', 'in'), edge('e6', 'plane', 'show', 'in'),
      ],
    } as unknown as GraphDocument;
    const results: Value[] = [];
    for (const engine of [new Engine({}), new Engine({ parallel: pool })]) {
      const run = await engine.run(doc);
      const status = Object.fromEntries(run.reports.map((r) => [r.id, r.status]));
      expect(status).toEqual({ phantom: 'ok', scan: 'ok', inside: 'error', recon: 'ok', lost: 'skipped', plane: 'ok', show: 'ok' });
      expect(run.reports.find((r) => r.id === 'inside')!.error).toBe('the source (sod 10) passes inside the 24 × 24 × 24 volume; set sod above 18 voxels');
      results.push(engine.outcome('recon')!.outputs.out);
    }
    expect(maxDiff((results[1] as Volume).data, (results[0] as Volume).data)).toBeLessThan(1e-5);
  });
});
