import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeVolume, sliceVolume } from '../../../../src-shared/data';
import { makePreview, type ImagePreview } from '../../../../src-shared/engine/preview';
import type { HostApi } from '../../../../src-shared/protocol';
import { DEFAULT_IMAGE_DISPLAY, DEFAULT_PLOT_DISPLAY } from '../../../../src-shared/nodes/display';
import { DEFAULT_DISPLAY, paintValues, displayRange } from '../../../../src-renderer/panels/colormap';
import { PreviewView } from '../../../../src-renderer/panels/PreviewView';
import { EditorContext } from '../../../../src-renderer/store/context';
import { createEditorStore } from '../../../../src-renderer/store/document';
import { paintPlane, planeSize, shownIndex, sliceOptions, volumeShape } from '../../../../src-renderer/views/volume/slices';
import { useSliceStore } from '../../../../src-renderer/views/volume/sliceStore';
import { latestOnly } from '../../../../src-renderer/views/volume/useVolumeImage';
import { VolumeView } from '../../../../src-renderer/views/volume/VolumeView';

/** A width 8, height 6, depth 10 volume whose values run 0..1 over its voxels. */
const volume = makeVolume(Float32Array.from({ length: 8 * 6 * 10 }, (_, i) => i / (8 * 6 * 10 - 1)), 8, 6, 10);
const preview = makePreview(volume) as ImagePreview;
const shape = volumeShape(preview)!;

function render(mip: boolean): string {
  const store = createEditorStore({ onEvent: () => () => {} } as unknown as HostApi);
  return renderToStaticMarkup(
    <EditorContext.Provider value={store}>
      <VolumeView nodeId="view" port="sink" shape={shape} display={DEFAULT_DISPLAY} mip={mip} />
    </EditorContext.Provider>,
  );
}

/** The attributes of every element with this tag, in order. */
function elements(html: string, tag: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((match) => Object.fromEntries([...match[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

describe('the volume view', () => {
  it('knows a volume by its preview, with the sizes of the planes sliceVolume makes', () => {
    expect(shape).toEqual({ width: 8, height: 6, depth: 10, channels: 1, lo: 0, hi: 1 });
    expect(volumeShape(makePreview(sliceVolume(volume, 'z', 0)))).toBeUndefined();
    for (const axis of ['z', 'y', 'x'] as const) {
      const plane = sliceVolume(volume, axis, 0);
      expect(planeSize(shape, axis)).toEqual([plane.width, plane.height]);
    }
  });

  it('shows three planes, z, y and x, each with a slider over its axis, starting in the middle', () => {
    useSliceStore.setState({ chosen: {} });
    const html = render(false);
    expect(elements(html, 'figure').map((f) => f['data-axis'])).toEqual(['z', 'y', 'x']);
    const sliders = elements(html, 'input');
    expect(sliders.map((s) => [s.type, s.min, s.max, s.value])).toEqual([
      ['range', '0', '9', '5'],
      ['range', '0', '5', '3'],
      ['range', '0', '7', '4'],
    ]);
    // Sliders on a node must not drag the node.
    expect(sliders.every((s) => s.class.split(' ').includes('nodrag'))).toBe(true);
    expect(html).toContain('z 5 / 9');
    expect(html).toContain('8×6×10');
  });

  it('shows the plane chosen (by its slider, or the large preview\'s), kept inside the volume', () => {
    useSliceStore.setState({ chosen: {} });
    useSliceStore.getState().choose('view', 'z', 2);
    useSliceStore.getState().choose('view', 'x', 99);
    const chosen = useSliceStore.getState().chosen.view;
    expect([shownIndex(shape, 'z', chosen?.z), shownIndex(shape, 'y', chosen?.y), shownIndex(shape, 'x', chosen?.x)]).toEqual([2, 3, 7]);
    expect(shownIndex(shape, 'y', -4)).toBe(0);
    expect(useSliceStore.getState().chosen.other).toBeUndefined();
  });

  it('as MIP, shows the three projections and no sliders', () => {
    const html = render(true);
    expect(elements(html, 'input')).toHaveLength(0);
    expect(html).toContain('data-view="mip"');
    expect(['z', 'y', 'x'].every((axis) => html.includes(`MIP along ${axis}`))).toBe(true);
  });

  it('asks the host for a plane, or for a projection, no larger than the panel needs', () => {
    expect(sliceOptions('y', 3, false, 128)).toEqual({ maxSide: 128, slice: { axis: 'y', index: 3 } });
    expect(sliceOptions('x', 3, true, 1024)).toEqual({ maxSide: 1024, slice: { axis: 'x', mip: true } });
  });

  it('paints every plane on the volume\'s scale, not its own, so scrubbing keeps the contrast', () => {
    const plane = Float32Array.of(0.25, 0.5, 0.75, 0.5);
    const painted = paintPlane(plane, 4, shape, DEFAULT_DISPLAY);
    expect([0, 1, 2, 3].map((i) => painted[4 * i])).toEqual([64, 128, 191, 128]);
    const ownScale = new Uint8ClampedArray(16);
    paintValues((i) => plane[i], 4, displayRange(0.25, 0.75, DEFAULT_DISPLAY), DEFAULT_DISPLAY, ownScale);
    expect(ownScale[0]).toBe(0);
  });

  it('on a node with no editor around it (a gallery card) shows the middle plane with the volume\'s size', () => {
    const html = renderToStaticMarkup(<PreviewView preview={preview} display={{ plot: DEFAULT_PLOT_DISPLAY, spectrum: undefined, image: DEFAULT_IMAGE_DISPLAY, volume: { view: 'slices' } }} />);
    expect(html).toContain('data-preview="image"');
    expect(html).toContain('8×6×10 · z 5');
  });
});

describe('scrubbing asks for the newest plane only', () => {
  it('keeps one request in flight and, when it returns, asks only for the last wish', async () => {
    const pending: { key: number; resolve: (value: string) => void }[] = [];
    const delivered: string[] = [];
    const fetcher = latestOnly<number, string>(
      (key) => new Promise((resolve) => pending.push({ key, resolve })),
      (value) => delivered.push(value),
    );
    for (let index = 0; index < 20; index++) fetcher.want(index);
    expect(pending.map((p) => p.key)).toEqual([0]);
    pending[0].resolve('plane 0');
    await Promise.resolve();
    await Promise.resolve();
    expect(pending.map((p) => p.key)).toEqual([0, 19]);
    pending[1].resolve('plane 19');
    await Promise.resolve();
    await Promise.resolve();
    expect(delivered).toEqual(['plane 0', 'plane 19']);
    fetcher.want(5);
    fetcher.stop();
    pending[2].resolve('plane 5');
    await Promise.resolve();
    await Promise.resolve();
    expect(delivered).toHaveLength(2);
  });
});
