/**
 * A full-resolution image (or a downscaled view of a huge one, as the host sent it): zoom with
 * the wheel, pan by dragging, read the value under the cursor with its coordinates.
 */
import { useEffect, useRef, useState } from 'react';
import type { FullValue } from '../../src-shared/protocol';
import { displayRange, paintValues, type ImageDisplay } from './colormap';
import { fmt } from './PreviewView';

type ImageValue = Extract<FullValue, { kind: 'image' }>;

export function ImageView({
  value,
  data,
  display,
  bounds,
}: {
  value: ImageValue;
  data: Float32Array;
  display: ImageDisplay;
  /** The values the colour map spans when not this image's own (a volume's slices share one scale). */
  bounds?: { readonly lo: number; readonly hi: number };
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const [hover, setHover] = useState<{ x: number; y: number } | undefined>();
  const { colormap, range, log } = display;
  const [channel, setChannel] = useState(0);
  const plane = value.width * value.height;
  const shownChannel = Math.min(channel, value.channels - 1);
  const [boundLo, boundHi] = [bounds?.lo, bounds?.hi];

  // Fit the image in the box whenever a new one arrives with a different size.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const scale = Math.min(element.clientWidth / value.width, element.clientHeight / value.height);
    setView({ scale, x: (element.clientWidth - value.width * scale) / 2, y: (element.clientHeight - value.height * scale) / 2 });
  }, [value.width, value.height]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    let lo = Infinity;
    let hi = -Infinity;
    const offset = shownChannel * plane;
    for (let i = 0; i < plane && boundLo === undefined; i++) {
      const v = data[offset + i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (boundLo !== undefined && boundHi !== undefined) [lo, hi] = [boundLo, boundHi];
    const rgba = new Uint8ClampedArray(plane * 4);
    const shown: ImageDisplay = { colormap, range, log };
    paintValues((i) => data[offset + i]!, plane, displayRange(lo, hi, shown), shown, rgba);
    context.putImageData(new ImageData(rgba, value.width, value.height), 0, 0);
  }, [data, colormap, range, log, shownChannel, plane, value.width, value.height, boundLo, boundHi]);

  const factor = value.fullWidth / value.width;
  const pixel = hover ? data[shownChannel * plane + hover.y * value.width + hover.x] : undefined;
  return (
    <div className="image-view">
      <div
        className="image-view-box"
        ref={box}
        onWheel={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          const mx = event.clientX - rect.left;
          const my = event.clientY - rect.top;
          const k = event.deltaY < 0 ? 1.25 : 0.8;
          setView((v) => ({ scale: v.scale * k, x: mx - (mx - v.x) * k, y: my - (my - v.y) * k }));
        }}
        onMouseDown={(event) => {
          const start = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
          const move = (e: MouseEvent): void => setView((v) => ({ ...v, x: start.vx + e.clientX - start.x, y: start.vy + e.clientY - start.y }));
          const up = (): void => {
            window.removeEventListener('mousemove', move);
            window.removeEventListener('mouseup', up);
          };
          window.addEventListener('mousemove', move);
          window.addEventListener('mouseup', up);
        }}
        onMouseMove={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          const x = Math.floor((event.clientX - rect.left - view.x) / view.scale);
          const y = Math.floor((event.clientY - rect.top - view.y) / view.scale);
          setHover(x >= 0 && y >= 0 && x < value.width && y < value.height ? { x, y } : undefined);
        }}
        onMouseLeave={() => setHover(undefined)}
      >
        <canvas
          ref={canvas}
          width={value.width}
          height={value.height}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <div className="image-view-readout" data-testid="pixel-readout">
        {value.channels > 1 && (
          <label>
            channel{' '}
            <input
              type="number"
              min={0}
              max={value.channels - 1}
              value={shownChannel}
              onChange={(event) => setChannel(Math.max(0, Math.min(value.channels - 1, Number(event.target.value) || 0)))}
            />{' '}
            of {value.channels}
          </label>
        )}
        <span>
          {value.fromSpectrum ? '|X| · ' : ''}
          {value.fullWidth}×{value.fullHeight}
          {factor > 1 ? ` (shown at 1/${Math.round(factor)})` : ''}
        </span>
        {hover && pixel !== undefined ? (
          <span className="pixel">
            column {Math.floor(hover.x * factor)}, row {Math.floor(hover.y * factor)} · at ({Math.floor(hover.x * factor) - value.origin.x},{' '}
            {Math.floor(hover.y * factor) - value.origin.y}) · value <strong>{fmt(pixel)}</strong>
          </span>
        ) : (
          <span className="muted">hover for pixel values · wheel to zoom · drag to pan</span>
        )}
      </div>
    </div>
  );
}
