/**
 * op.unet3d as a node: weights read the way file params are, PyTorch's output reproduced, and
 * every bad input (sides, another architecture, a truncated file, no shipped model, too little
 * memory) refused in one line on the node before the forward pass allocates anything.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeVolume, type Volume } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { ParamValue } from '../../src-shared/graph/document';
import { type ComputeContext, ResourceLimitError } from '../../src-shared/nodes/define';
import { readSafeTensors, writeSafeTensors } from '../../src-shared/io/safetensors';
import { maxDiff, runNode, testContext } from './harness';

const fixtures = new URL('../fixtures/unet3d/', import.meta.url);
const files: Record<string, Uint8Array> = {
  'model.safetensors': new Uint8Array(readFileSync(new URL('model-l3-b4.safetensors', fixtures))),
  'small.safetensors': new Uint8Array(readFileSync(new URL('model-l2-b4.safetensors', fixtures))),
};
const caseFile = readSafeTensors(new Uint8Array(readFileSync(new URL('case.safetensors', fixtures))));
if (!caseFile.ok) throw new Error(caseFile.error);
const tensors = caseFile.value.tensors;
const input = makeVolume(tensors.get('input')!.data, 16, 12, 8, { origin: { x: 1, y: 2, z: 3 } });

function context(extra: Partial<ComputeContext> = {}, log: string[] = []): ComputeContext {
  return {
    ...testContext,
    progress: () => void log.push('progress'),
    reserve: (bytes, what) => {
      log.push(`reserve ${what}`);
      testContext.reserve(bytes, what);
    },
    readFile: (path) => (files[path] ? Promise.resolve(files[path]) : Promise.reject(new Error(`cannot read ${path}: no such file`))),
    ...extra,
  };
}

async function run(volume: Volume, params: Record<string, string | boolean>, ctx = context()): Promise<Volume | string> {
  const result = await runNode('op.unet3d', { in: volume }, params, ctx);
  if (!result.ok) return result.error;
  if (result.out.kind !== 'volume') throw new Error('not a volume');
  return result.out;
}

describe('op.unet3d', () => {
  it('runs a PyTorch state_dict to PyTorch\'s output (residual and not), keeping the volume\'s place', async () => {
    for (const residual of [true, false]) {
      const out = await run(input, { weights: 'model.safetensors', residual });
      if (typeof out === 'string') throw new Error(out);
      expect([out.width, out.height, out.depth, out.channels]).toEqual([16, 12, 8, 1]);
      expect(out.origin).toEqual({ x: 1, y: 2, z: 3 });
      expect(maxDiff(out.data, tensors.get(residual ? 'expected_residual' : 'expected_plain')!.data)).toBeLessThan(1e-4);
    }
  });

  it('says how large the model is', async () => {
    const result = await runNode('op.unet3d', { in: input }, { weights: 'model.safetensors' }, context());
    // sum(p.numel() for p in UNet3d(3, 4).parameters()) in PyTorch.
    expect(result.ok && result.info).toBe('levels 3, base 4, 22009 parameters');
  });

  it('names the padding a volume needs (sides multiples of 2^(levels − 1))', async () => {
    const odd = makeVolume(new Float32Array(18 * 12 * 7), 18, 12, 7);
    expect(await run(odd, { weights: 'model.safetensors' })).toBe(
      'in: the volume is 18×12×7 but a 3-level U-Net needs sides that are multiples of 4: pad width by 2 (to 20), depth by 1 (to 8) where the volume is made (a 3-D phantom\'s size, or the file)',
    );
    // Two levels need only even sides.
    const even = makeVolume(new Float32Array(6 * 2 * 4), 6, 2, 4);
    expect(typeof (await run(even, { weights: 'small.safetensors' }))).toBe('object');
  });

  it('refuses a file of another architecture, naming the tensor', async () => {
    const small = readSafeTensors(files['small.safetensors']);
    if (!small.ok) throw new Error(small.error);
    files['lying.safetensors'] = writeSafeTensors(small.value.tensors, { ...small.value.metadata, base: '8' });
    expect(await run(input, { weights: 'lying.safetensors' })).toBe(
      'lying.safetensors: tensor enc.0.conv1.weight has shape (4, 1, 3, 3, 3) where levels 2, base 8 needs (8, 1, 3, 3, 3): the file holds another architecture',
    );
  });

  it('refuses a truncated file in one line naming it', async () => {
    files['cut.safetensors'] = files['model.safetensors'].subarray(0, 5000);
    expect(await run(input, { weights: 'cut.safetensors' })).toMatch(
      /^cut\.safetensors: safetensors: tensor \S+ ends at byte \d+ of the data, but the file holds \d+: the file is truncated or lies$/,
    );
  });

  it('without the shipped model, says where it should be', async () => {
    const missing = 'the shipped model models/unet3d-sparse-ct.safetensors is missing (it is made by `npm run train:unet`): set weights to a .safetensors file';
    expect(await run(input, {})).toBe(missing);
    expect(await run(input, {}, context({ readModel: () => Promise.reject(new Error('ENOENT')) }))).toBe(missing);
    const asked: string[] = [];
    const shipped = await run(input, {}, context({ readModel: (name) => (asked.push(name), Promise.resolve(files['model.safetensors'])) }));
    expect(asked).toEqual(['unet3d-sparse-ct.safetensors']);
    expect(typeof shipped).toBe('object');
  });

  it('refuses cone-beam projections, whatever their sides, and says to reconstruct them first', async () => {
    // A learner who wires the scan straight into the U-Net: sides that suit the model would run to
    // a meaningless volume, and sides that do not would be told to pad the phantom, which cannot help.
    const angles = new Float64Array(8);
    const fits = makeVolume(input.data, 16, 12, 8, { geometry: { sod: 40, sdd: 80, du: 2, dv: 2, U: 16, V: 12, views: 8 }, angles });
    expect(await run(fits, { weights: 'model.safetensors' })).toBe(
      'in: these are cone-beam projections (8 views of 16 × 12 pixels), not a volume: reconstruct them first (op.fdk), and connect its output',
    );
    const scan = makeVolume(new Float32Array(97 * 93 * 120), 97, 93, 120, { geometry: { sod: 160, sdd: 320, du: 2, dv: 2, U: 97, V: 93, views: 120 }, angles: new Float64Array(120) });
    expect(await run(scan, { weights: 'model.safetensors' })).toMatch(/^in: these are cone-beam projections \(120 views of 97 × 93 pixels\), not a volume: reconstruct them first \(op\.fdk\)/);
  });

  it('takes one channel', async () => {
    const two = makeVolume(new Float32Array(2 * 16 * 12 * 8), 16, 12, 8, { channels: 2 });
    expect(await run(two, { weights: 'model.safetensors' })).toBe('in: the U-Net takes one channel, but this volume has 2: take one channel first');
  });

  it('reserves its feature maps before the forward pass starts, and stops there when they do not fit', async () => {
    const log: string[] = [];
    const ctx = context({}, log);
    const tight = {
      ...ctx,
      reserve: (bytes: number, what: string) => {
        ctx.reserve(bytes, what);
        if (what.includes('feature maps') && bytes > 100_000) throw new ResourceLimitError(`node u: ${what} would need ${bytes} bytes`);
      },
    };
    const out = await run(input, { weights: 'model.safetensors' }, tight);
    expect(out).toMatch(/^node u: the U-Net's feature maps \(levels 3, base 4\) for a 16×12×8 volume would need \d+ bytes$/);
    expect(log.filter((line) => line.startsWith('reserve'))).toEqual([
      'reserve safetensors weights',
      "reserve the U-Net's 16×12×8 output",
      "reserve the U-Net's feature maps (levels 3, base 4) for a 16×12×8 volume",
    ]);
    expect(log).not.toContain('progress');
  });
});

describe('op.unet3d in a graph', () => {
  it('a failing U-Net carries its own error; the rest of the graph runs', async () => {
    files['cut.safetensors'] = files['model.safetensors'].subarray(0, 5000);
    const node = (id: string, type: string, params: Record<string, ParamValue> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
    const edge = (id: string, source: string, target: string) => ({ id, source, sourceHandle: 'out', target, targetHandle: 'in' });
    const engine = new Engine({ readFile: (path) => (files[path] ? Promise.resolve(files[path]) : Promise.reject(new Error(`cannot read ${path}: no such file`))) });
    const result = await engine.run({
      format: 'convolab.graph', version: 1,
      nodes: [
        node('odd', 'source.phantom3d', { pattern: 'sphere', size: 10 }),
        node('cube', 'source.phantom3d', { pattern: 'cube', size: 16 }),
        node('sides', 'op.unet3d', { weights: 'model.safetensors' }),
        node('cut', 'op.unet3d', { weights: 'cut.safetensors' }),
        node('good', 'op.unet3d', { weights: 'model.safetensors', residual: false }),
      ],
      edges: [edge('e1', 'odd', 'sides'), edge('e2', 'cube', 'cut'), edge('e3', 'cube', 'good')],
    });
    const status = Object.fromEntries(result.reports.map((report) => [report.id, report.status === 'error' ? report.error : report.status]));
    expect(status).toEqual({
      odd: 'ok',
      cube: 'ok',
      sides: 'in: the volume is 10×10×10 but a 3-level U-Net needs sides that are multiples of 4: pad width by 2 (to 12), height by 2 (to 12), depth by 2 (to 12) where the volume is made (a 3-D phantom\'s size, or the file)',
      cut: expect.stringMatching(/^cut\.safetensors: safetensors: tensor \S+ ends at byte \d+ of the data/),
      good: 'ok',
    });
  });
});
