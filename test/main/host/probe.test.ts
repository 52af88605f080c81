/**
 * The worker's answer to `probeNode`: from the last completed run's inputs and params, nothing
 * before a good run, one line for a probe a node does not offer, the prepared state kept across
 * questions (the weights are read once) and prepared again for a new outcome or after a run
 * dropped it, and the preparation held to what the memory limit leaves after the memo.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerProbe, dropProbeState, type ProbeHost } from '../../../src-shared/engine/probe';
import { Engine } from '../../../src-shared/engine/engine';
import type { GraphDocument, ParamValue } from '../../../src-shared/graph/document';
import { type UNet3dModel, unet3dModel } from '../../../src-shared/dsp/unet3d';
import { readSafeTensors } from '../../../src-shared/io/safetensors';
import { type UNetFeatures, unet3dWorkingBytes } from '../../../src-shared/nodes/unet3d-features';

const weights = new Uint8Array(readFileSync(new URL('../../fixtures/unet3d/model-l3-b4.safetensors', import.meta.url)));

function graph(residual: boolean): GraphDocument {
  const node = (id: string, type: string, params: Record<string, ParamValue>) => ({ id, type, position: { x: 0, y: 0 }, params });
  return {
    format: 'convolab.graph',
    version: 1,
    nodes: [node('cube', 'source.phantom3d', { pattern: 'sphere', size: 16 }), node('u', 'op.unet3d', { weights: 'w.safetensors', residual })],
    edges: [{ id: 'e', source: 'cube', sourceHandle: 'out', target: 'u', targetHandle: 'in' }],
  } as GraphDocument;
}

function setup(memoryLimit?: number) {
  const reads: string[] = [];
  const readFile = (path: string) => (reads.push(path), Promise.resolve(weights));
  const engine = new Engine({ readFile, ...(memoryLimit !== undefined ? { memoryLimit } : {}) });
  const host: ProbeHost & { document: GraphDocument | undefined } = { engine, document: undefined, readFile, ...(memoryLimit !== undefined ? { memoryLimit } : {}) };
  return { engine, host, reads };
}

describe('answerProbe', () => {
  it('answers from the last run, keeps the prepared state across questions and prepares again for a new outcome', async () => {
    dropProbeState();
    const { engine, host, reads } = setup();
    expect(await answerProbe(host, 'u', 'unetFeatures', {})).toBeUndefined();
    host.document = graph(true);
    await engine.run(host.document);
    expect(reads).toEqual(['w.safetensors']);
    const first = (await answerProbe(host, 'u', 'unetFeatures', { channel: 1 })) as UNetFeatures;
    expect(first.stages.map((s) => s.width)).toEqual([16, 16, 8, 8, 4, 4, 8, 16, 16]);
    const second = (await answerProbe(host, 'u', 'unetFeatures', { channel: 2, axis: 'x', index: 3 })) as UNetFeatures;
    expect(second.stages[1]!.channel).toBe(2);
    // The probe read the weights once for both questions.
    expect(reads).toEqual(['w.safetensors', 'w.safetensors']);
    // A cached re-run keeps the outcome, so the state too; a changed param makes a new outcome.
    await engine.run(host.document);
    await answerProbe(host, 'u', 'unetFeatures', {});
    expect(reads).toHaveLength(2);
    host.document = graph(false);
    await engine.run(host.document);
    const plain = (await answerProbe(host, 'u', 'unetFeatures', {})) as UNetFeatures;
    expect(reads).toHaveLength(4);
    expect(plain.stages.at(-1)!.data).not.toBe(first.stages.at(-1)!.data);
    // A run drops the state: the next question prepares again.
    dropProbeState();
    await answerProbe(host, 'u', 'unetFeatures', {});
    expect(reads).toHaveLength(5);
  });

  it('says which probes a node does not offer, and answers nothing for a node without a good run', async () => {
    dropProbeState();
    const { engine, host } = setup();
    host.document = graph(true);
    await engine.run(host.document);
    expect(await answerProbe(host, 'cube', 'unetFeatures', {})).toBe('node cube (source.phantom3d) offers no probe "unetFeatures"');
    expect(await answerProbe(host, 'u', 'toString', {})).toBe('node u (op.unet3d) offers no probe "toString"');
    expect(await answerProbe(host, 'missing', 'unetFeatures', {})).toBeUndefined();
  });

  it('holds the preparation to what the limit leaves after the memo', async () => {
    dropProbeState();
    // Enough for the run (the phantom, the weights, the output and the forward pass) with half
    // the kept stages' bytes to spare, so not for the probe, which keeps every stage besides.
    const read = readSafeTensors(weights);
    if (!read.ok) throw new Error(read.error);
    const model = unet3dModel(read.value.tensors, read.value.metadata) as UNet3dModel;
    const voxels = 16 ** 3;
    const kept = 4 * (2 * voxels + 4 * voxels + 4 * voxels / 8 + 4 * voxels + 8 * voxels / 8 + 8 * voxels / 64 + 8 * voxels / 8 + 16 * voxels / 64);
    const limit = 4 * voxels + weights.length + 4 * voxels + unet3dWorkingBytes(16, 16, 16, model) + kept / 2;
    const { engine, host } = setup(limit);
    host.document = graph(true);
    const result = await engine.run(host.document);
    expect(result.reports.map((r) => r.status)).toEqual(['ok', 'ok']);
    await expect(answerProbe(host, 'u', 'unetFeatures', {})).rejects.toThrow(
      /^node u: the U-Net's (feature maps of every stage \(levels 3, base 4\)|forward pass) for a 16×16×16 volume would need \d+ KiB, over the \d+ KiB limit \(\d+ KiB already in use\)$/,
    );
  });
});
