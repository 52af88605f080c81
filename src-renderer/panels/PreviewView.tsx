/**
 * Draws a node's preview: a min/max envelope or stems for a signal, a magnitude plot for a
 * spectrum, a grey-scale thumbnail for an image, a small table for a value record.
 */
import { memo, useEffect, useRef } from 'react';
import { base64ToBytes, type ImagePreview, type Preview, type SignalPreview, type SpectrumPreview } from '../../src-shared/engine/preview';

const WIDTH = 200;
const HEIGHT = 90;

function signalPath(preview: SignalPreview, width: number, height: number): { path: string; stems: boolean } {
  const lo = Math.min(preview.lo, 0);
  const hi = Math.max(preview.hi, 0);
  const span = hi - lo || 1;
  const y = (v: number): number => height - 4 - ((v - lo) / span) * (height - 8);
  const cols = preview.min.length;
  const x = (c: number): number => (cols <= 1 ? width / 2 : 4 + (c / (cols - 1)) * (width - 8));
  const stems = preview.samplesPerColumn === 1 && cols <= 64;
  let path = '';
  if (stems) {
    for (let c = 0; c < cols; c++) path += `M${x(c).toFixed(1)},${y(0).toFixed(1)}V${y(preview.max[c]!).toFixed(1)}`;
  } else {
    for (let c = 0; c < cols; c++) {
      path += `${c === 0 ? 'M' : 'L'}${x(c).toFixed(1)},${y(preview.max[c]!).toFixed(1)}`;
      if (preview.min[c] !== preview.max[c]) path += `L${x(c).toFixed(1)},${y(preview.min[c]!).toFixed(1)}`;
    }
  }
  return { path, stems };
}

function SignalPlot({ preview }: { preview: SignalPreview }) {
  const { path, stems } = signalPath(preview, WIDTH, HEIGHT);
  const lo = Math.min(preview.lo, 0);
  const hi = Math.max(preview.hi, 0);
  const zero = HEIGHT - 4 - ((0 - lo) / (hi - lo || 1)) * (HEIGHT - 8);
  return (
    <svg className="preview-plot" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} data-preview="signal">
      <line x1={0} x2={WIDTH} y1={zero} y2={zero} className="axis" />
      <path d={path} className={stems ? 'stems' : 'trace'} />
      <text x={4} y={11} className="label">
        n={preview.length} · [{fmt(preview.lo)}, {fmt(preview.hi)}]
      </text>
    </svg>
  );
}

function SpectrumPlot({ preview }: { preview: SpectrumPreview }) {
  const peak = Math.max(...preview.magnitude, 1e-300);
  const cols = preview.magnitude.length;
  let path = '';
  for (let c = 0; c < cols; c++) {
    const x = cols <= 1 ? WIDTH / 2 : 4 + (c / (cols - 1)) * (WIDTH - 8);
    const y = HEIGHT - 4 - (preview.magnitude[c]! / peak) * (HEIGHT - 16);
    path += `${c === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  return (
    <svg className="preview-plot" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} data-preview="spectrum">
      <path d={path} className="trace spectrum" />
      <text x={4} y={11} className="label">
        |X[k]| · n={preview.n}
      </text>
    </svg>
  );
}

function ImageThumb({ preview }: { preview: ImagePreview }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const bytes = base64ToBytes(preview.pixels);
    const plane = preview.thumbWidth * preview.thumbHeight;
    const image = context.createImageData(preview.thumbWidth, preview.thumbHeight);
    for (let i = 0; i < plane; i++) {
      const v = bytes[i] ?? 0;
      image.data[4 * i] = v;
      image.data[4 * i + 1] = v;
      image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [preview]);
  return (
    <div className="preview-image" data-preview={preview.kind}>
      <canvas ref={canvas} width={preview.thumbWidth} height={preview.thumbHeight} />
      <span className="label">
        {preview.width}×{preview.height}
        {preview.channels > 1 ? `×${preview.channels}` : ''} · [{fmt(preview.lo)}, {fmt(preview.hi)}]
      </span>
    </div>
  );
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

export const PreviewView = memo(function PreviewView({ preview }: { preview: Preview }) {
  switch (preview.kind) {
    case 'signal':
      return <SignalPlot preview={preview} />;
    case 'spectrum':
      return <SpectrumPlot preview={preview} />;
    case 'image':
    case 'spectrum2d':
      return <ImageThumb preview={preview} />;
    case 'value':
      return (
        <table className="preview-value" data-preview="value">
          <tbody>
            {Object.entries(preview.fields).map(([name, value]) => (
              <tr key={name}>
                <th>{name}</th>
                <td>{fmt(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
});
