/**
 * A wire a learner draws by hand between nodes dropped from the palette, refused because its
 * type does not fit, says what to use instead — with the real catalog, as the editor checks it.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument, GraphNode } from '../../src-shared/graph/document';
import { emptyDocument } from '../../src-shared/graph/document';
import { canConnect } from '../../src-shared/graph/validate';
import { getNodeDefinition, nodeTypes } from '../../src-shared/nodes/registry';

/** Nodes as the palette drops them (no params), and wires by `from->to.port`. */
function graph(nodes: Record<string, string | GraphNode>, wires: readonly string[] = []): GraphDocument {
  const list = Object.entries(nodes).map(([id, type]) => (typeof type === 'string' ? { id, type } : { ...type, id }));
  const edges = wires.map((wire, i) => {
    const [source, target] = wire.split('->') as [string, string];
    const [node, port] = target.split('.') as [string, string];
    return { id: `e${i}`, source, sourceHandle: 'out', target: node, targetHandle: port };
  });
  return { ...emptyDocument(), nodes: list, edges };
}

function reason(document: GraphDocument, source: string, target: string, targetHandle = 'in', sourceHandle = 'out'): string {
  const check = canConnect(document, { source, sourceHandle, target, targetHandle });
  if (check.ok) throw new Error(`${source} -> ${target}.${targetHandle} was allowed`);
  return check.reason;
}

describe('a refused wire names what to use instead', () => {
  it('an image into FFT: use FFT 2-D; a signal into FFT 2-D: use FFT', () => {
    const document = graph({ photo: 'source.testImage', tone: 'source.function', fft: 'op.fft', fft2: 'op.fft2d' });
    expect(reason(document, 'photo', 'fft')).toBe('fft.in takes a signal, but photo.out gives an image: for an image use FFT 2-D (op.fft2d)');
    expect(reason(document, 'tone', 'fft2')).toBe('fft2.in takes an image, but tone.out gives a signal: for a signal use FFT (op.fft)');
  });

  it('a spectrum into a Plot: use the Spectrum plot; a volume into an Image view: the Volume view', () => {
    const document = graph({ tone: 'source.function', fft: 'op.fft', plot: 'sink.plot', body: 'source.phantom3d', view: 'sink.image' }, ['tone->fft.in']);
    expect(reason(document, 'fft', 'plot')).toBe('plot.in takes a signal, but fft.out gives a spectrum: for a spectrum use Spectrum plot (sink.spectrum)');
    expect(reason(document, 'body', 'view')).toBe('view.in takes an image or spectrum2d, but body.out gives a volume: for a volume use Volume view (sink.volume)');
  });

  it('a volume into a 2-D operation: take a plane with Slice; a spectrum into a signal operation: its magnitude or the inverse', () => {
    const document = graph({ body: 'source.phantom3d', gray: 'op.gray', tone: 'source.function', fft: 'op.fft', flip: 'op.flip' }, ['tone->fft.in']);
    expect(reason(document, 'body', 'gray')).toBe('gray.in takes an image, but body.out gives a volume: take one plane of it with Slice (op.slice)');
    expect(reason(document, 'fft', 'flip')).toBe('flip.in takes a signal or image, but fft.out gives a spectrum: take its Magnitude (op.magnitude), or go back with Inverse FFT (op.ifft)');
  });

  it('spectra into Convolve: multiply them (the convolution theorem)', () => {
    const document = graph({ tone: 'source.function', fft: 'op.fft', conv: 'op.convolve' }, ['tone->fft.in']);
    expect(reason(document, 'fft', 'conv', 'a')).toBe('conv.a takes a signal, image or volume, but fft.out gives a spectrum: for a spectrum use Multiply (op.multiply)');
  });

  it('a 2-D-only kernel met by a signal names the kernels that adapt', () => {
    const document = graph({ tone: 'source.function', lap: 'kernel.laplacian', conv: 'op.convolve', ramp: 'kernel.ramp', photo: 'source.testImage', blur: 'op.convolve' }, ['tone->conv.a', 'photo->blur.a']);
    const adapting = nodeTypes()
      .map((type) => getNodeDefinition(type)!)
      .filter((definition) => definition.category === 'kernel' && definition.outputs.some((port) => port.adapts));
    expect(adapting.map((definition) => definition.type).sort()).toEqual(['kernel.box', 'kernel.custom', 'kernel.gaussian', 'kernel.identity']);
    expect(reason(document, 'lap', 'conv', 'b')).toBe(
      "conv's kernel input (b) must carry the same type as conv.a (signal), but lap.out gives an image: the Laplacian kernel is 2-D only; for a signal use a kernel that adapts (Box, Custom, Gaussian or Identity)",
    );
    expect(reason(document, 'ramp', 'blur', 'b')).toBe(
      "blur's kernel input (b) must carry the same type as blur.a (image), but ramp.out gives a signal: the Ramp kernel is 1-D only; for an image use a kernel that adapts (Box, Custom, Gaussian or Identity)",
    );
  });

  it('a Custom kernel typed as rows, met by a signal, says to type one list', () => {
    const document = graph({ tone: 'source.function', taps: 'kernel.custom', conv: 'op.convolve' }, ['tone->conv.a']);
    expect(reason(document, 'taps', 'conv', 'b')).toBe(
      "conv's kernel input (b) must carry the same type as conv.a (signal), but taps.out gives an image: its values are rows, which make it 2-D; for a signal type one list, e.g. [1, 2, 1]",
    );
    // Typed as one list it adapts, and the wire is welcome.
    const flat = graph({ tone: 'source.function', taps: { id: 'taps', type: 'kernel.custom', params: { values: [1, 2, 1] } }, conv: 'op.convolve' }, ['tone->conv.a']);
    expect(canConnect(flat, { source: 'taps', sourceHandle: 'out', target: 'conv', targetHandle: 'b' })).toEqual({ ok: true });
  });

  it('says nothing more where it knows no better node (a value into FFT), or where the fix is a click (a kernel set to 2-D)', () => {
    const document = graph({ tone: 'source.function', stats: 'op.stats', fft: 'op.fft', conv: 'op.convolve', g: { id: 'g', type: 'kernel.gaussian', params: { dims: 2 } } }, ['tone->stats.in', 'tone->conv.a']);
    expect(reason(document, 'stats', 'fft')).toBe('fft.in takes a signal, but stats.out gives a value');
    expect(reason(document, 'g', 'conv', 'b')).toBe("conv's kernel input (b) must carry the same type as conv.a (signal), but g.out gives an image");
  });

  it('every node a hint names exists, and takes the type it is named for', () => {
    for (const type of nodeTypes()) {
      for (const [given, other] of Object.entries(getNodeDefinition(type)!.instead ?? {})) {
        const definition = getNodeDefinition(other);
        expect(definition, `${type} names ${other}`).toBeDefined();
        expect(definition!.inputs.some((port) => port.types.includes(given as never)), `${other} takes ${given}`).toBe(true);
      }
    }
  });
});
