import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../src-shared/data';
import { errorOf, runNode, sig } from './harness';

describe('sink.volume', () => {
  it('receives the volume itself (its view asks the host for planes of it), whatever it shows', async () => {
    const volume = makeVolume(Float32Array.from({ length: 24 }, (_, i) => i), 2, 3, 4);
    for (const view of ['slices', 'mip']) {
      const result = await runNode('sink.volume', { in: volume }, { view, colormap: 'viridis', range: 'unit' });
      expect(result.ok && result.sink).toBe(volume);
    }
  });

  it('takes only a volume, and only the views NODES.md names', async () => {
    expect(await errorOf('sink.volume', { in: sig([1, 2, 3]) })).toMatch(/volume/);
    expect(await errorOf('sink.volume', { in: makeVolume(new Float32Array(1), 1, 1, 1) }, { view: 'surface' })).toMatch(/view/);
  });
});
