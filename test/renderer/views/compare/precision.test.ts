/**
 * A Compare of images wired by hand keeps op.compare's default tolerance, 1e-9, made for float64
 * signals; float32 images from two exact routes differ by about 1e-7 of the peak, so it says FAIL
 * on a correct convolution theorem. The Equivalence view then says it may be rounding, with one
 * click to the tolerance the rewrites use for images (1e-5).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../../src-shared/engine/engine';
import { makePreview, type Preview } from '../../../../src-shared/engine/preview';
import type { GraphDocument, ParamValue } from '../../../../src-shared/graph/document';
import { loadGraph } from '../../../../src-shared/graph/load';
import { applyCommand, fixCommand } from '../../../../src-renderer/store/commands';
import { describeFloat32Rounding, findFloat32Rounding, float32Fix } from '../../../../src-renderer/views/compare/precision';

function example(name: string): GraphDocument {
  const loaded = loadGraph(readFileSync(new URL(`../../../../examples/${name}.convolab.json`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

function withParam(document: GraphDocument, node: string, name: string, value: ParamValue): GraphDocument {
  return { ...document, nodes: document.nodes.map((n) => (n.id === node ? { ...n, params: { ...n.params, [name]: value } } : n)) };
}

/** Runs the document and returns what the host would have sent: previews by port, and the check's verdict. */
async function run(document: GraphDocument, check = 'check') {
  const previews = new Map<string, Preview>();
  await new Engine().run(document, {
    onNodeDone: (outcome) => {
      for (const [port, value] of Object.entries(outcome.outputs)) previews.set(`${outcome.report.id}.${port}`, makePreview(value));
    },
  });
  const lookup = (node: string, port: string) => previews.get(`${node}.${port}`);
  const out = lookup(check, 'out');
  return { lookup, verdict: out?.kind === 'value' ? out.fields : undefined };
}

describe('a Compare of images that fails only by float32 rounding', () => {
  it('is found on the 2-D theorem at the default tolerance, and one click to 1e-5 makes it pass', async () => {
    const document = withParam(example('convolution-theorem-2d'), 'check', 'tolerance', 1e-9);
    const { lookup, verdict } = await run(document);
    expect(verdict?.match).toBe(0);
    const found = findFloat32Rounding(document, 'check', verdict, lookup);
    expect(found).toEqual({ compare: 'check', relError: verdict!.relError, tolerance: 1e-9 });
    expect(found!.relError).toBeGreaterThan(1e-9);
    expect(found!.relError).toBeLessThan(1e-5);
    expect(describeFloat32Rounding(found!)).toMatch(/^Images and volumes hold 32-bit floats .* tolerance 1\.00e-9, .* 1e-5 still fails any real difference\.$/);

    const fix = float32Fix(found!);
    expect(fix.label).toBe('Set tolerance = 1e-5 on check');
    const fixed = applyCommand(document, fixCommand(fix));
    const after = await run(fixed);
    expect(after.verdict?.match).toBe(1);
    expect(findFloat32Rounding(fixed, 'check', after.verdict, after.lookup)).toBeUndefined();
  });

  it('is not found for a real difference, for a pass, or for signals (float64, where 1e-9 is right)', async () => {
    // The FFT route padded too little: a circular convolution, far off.
    const wrapped = withParam(withParam(example('convolution-theorem-2d'), 'check', 'tolerance', 1e-9), 'back', 'width', 30);
    const far = await run(wrapped);
    expect(far.verdict?.match).toBe(0);
    expect(far.verdict!.relError).toBeGreaterThan(1e-5);
    expect(findFloat32Rounding(wrapped, 'check', far.verdict, far.lookup)).toBeUndefined();

    const passing = example('convolution-theorem-2d');
    const pass = await run(passing);
    expect(pass.verdict?.match).toBe(1);
    expect(findFloat32Rounding(passing, 'check', pass.verdict, pass.lookup)).toBeUndefined();

    // Signals at a tolerance below their rounding: a FAIL of signals is never put down to float32.
    const signals = withParam(example('convolution-theorem'), 'check', 'tolerance', 1e-17);
    const tight = await run(signals);
    expect(tight.verdict?.match).toBe(0);
    expect(findFloat32Rounding(signals, 'check', tight.verdict, tight.lookup)).toBeUndefined();
  });
});
