/**
 * Text exports of a wire value: CSV (for spreadsheets) and JSON (for scripts and FORMAT.md's
 * headless `S.json`). Numbers in JavaScript's shortest round-trip form; lines end in `\n`, and so
 * does the text.
 *
 * CSV columns, one row per sample, a header first:
 * - signal      `index,time,value`         index = start + k, time = index / rate
 * - spectrum    `bin,frequency,re,im`      frequency = bin · rate / n (bins above n/2 are negative frequencies)
 * - image       `x,y,value`                x = column − origin.x, y = row − origin.y, rows top to bottom;
 *               `channel,x,y,value`        when it has more than one channel
 * - volume      `x,y,z,value`              x, y, z = voxel index − origin, x fastest;
 *               `channel,x,y,z,value`      when it has more than one channel
 * - spectrum2d  `kx,ky,re,im`              bin indices along width and height
 * - value       `name,value`
 * Non-finite numbers are written as `NaN`, `Infinity`, `-Infinity` (what numpy.loadtxt reads).
 */
import type { Value, VolumeGeometry } from '../data';

/** FORMAT.md's `S.json`: what applies to the value's type, no sample data. */
export interface ValueMetadata {
  type: Value['kind'];
  start?: number;
  rate?: number;
  length?: number;
  width?: number;
  height?: number;
  channels?: number;
  origin?: { x: number; y: number; z?: number };
  hermitian?: boolean;
  angles?: number[];
  fields?: Record<string, number>;
  depth?: number;
  geometry?: VolumeGeometry;
}

export function valueMetadata(value: Value): ValueMetadata {
  switch (value.kind) {
    case 'signal':
      return { type: 'signal', start: value.start, rate: value.rate, length: value.data.length };
    case 'spectrum':
      return { type: 'spectrum', start: value.start, rate: value.rate, length: value.re.length, hermitian: value.hermitian };
    case 'image':
      return {
        type: 'image',
        width: value.width,
        height: value.height,
        channels: value.channels,
        origin: { x: value.origin.x, y: value.origin.y },
        ...(value.angles ? { angles: Array.from(value.angles) } : {}),
      };
    case 'volume':
      return {
        type: 'volume',
        width: value.width,
        height: value.height,
        depth: value.depth,
        channels: value.channels,
        origin: { x: value.origin.x, y: value.origin.y, z: value.origin.z },
        ...(value.angles ? { angles: Array.from(value.angles) } : {}),
        ...(value.geometry ? { geometry: { ...value.geometry } } : {}),
      };
    case 'spectrum2d':
      return { type: 'spectrum2d', width: value.width, height: value.height, origin: { x: value.origin.x, y: value.origin.y }, hermitian: value.hermitian };
    case 'value':
      return { type: 'value', fields: { ...value.fields } };
  }
}

/**
 * The metadata plus the samples: `data` (signal; image, planar channel-major as on the wire) or
 * `re` and `im` (spectra). JSON has no NaN or Infinity: those are written as null.
 */
export function valueToJson(value: Value): string {
  const body: Record<string, unknown> = { ...valueMetadata(value) };
  switch (value.kind) {
    case 'signal':
    case 'image':
    case 'volume':
      body.data = Array.from(value.data);
      break;
    case 'spectrum':
    case 'spectrum2d':
      body.re = Array.from(value.re);
      body.im = Array.from(value.im);
      break;
    case 'value':
      break;
  }
  return JSON.stringify(body) + '\n';
}

const num = (value: number): string => String(value);

export function valueToCsv(value: Value): string {
  const lines: string[] = [];
  switch (value.kind) {
    case 'signal': {
      lines.push('index,time,value');
      value.data.forEach((sample, k) => {
        const index = value.start + k;
        lines.push(`${index},${num(index / value.rate)},${num(sample)}`);
      });
      break;
    }
    case 'spectrum': {
      lines.push('bin,frequency,re,im');
      const n = value.re.length;
      for (let k = 0; k < n; k++) lines.push(`${k},${num((k * value.rate) / n)},${num(value.re[k]!)},${num(value.im[k]!)}`);
      break;
    }
    case 'image': {
      const { width, height, channels, origin, data } = value;
      lines.push(channels > 1 ? 'channel,x,y,value' : 'x,y,value');
      for (let c = 0; c < channels; c++) {
        for (let row = 0; row < height; row++) {
          for (let column = 0; column < width; column++) {
            const sample = num(data[c * width * height + row * width + column]!);
            const place = `${column - origin.x},${row - origin.y}`;
            lines.push(channels > 1 ? `${c},${place},${sample}` : `${place},${sample}`);
          }
        }
      }
      break;
    }
    case 'volume': {
      const { width, height, depth, channels, origin, data } = value;
      lines.push(channels > 1 ? 'channel,x,y,z,value' : 'x,y,z,value');
      let k = 0;
      for (let c = 0; c < channels; c++) {
        for (let z = 0; z < depth; z++) {
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              const place = `${x - origin.x},${y - origin.y},${z - origin.z},${num(data[k++]!)}`;
              lines.push(channels > 1 ? `${c},${place}` : place);
            }
          }
        }
      }
      break;
    }
    case 'spectrum2d': {
      lines.push('kx,ky,re,im');
      for (let ky = 0; ky < value.height; ky++) {
        for (let kx = 0; kx < value.width; kx++) {
          const i = ky * value.width + kx;
          lines.push(`${kx},${ky},${num(value.re[i]!)},${num(value.im[i]!)}`);
        }
      }
      break;
    }
    case 'value': {
      lines.push('name,value');
      for (const [name, field] of Object.entries(value.fields)) lines.push(`${csvText(name)},${num(field)}`);
      break;
    }
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180 quoting where a field needs it (a comma, a quote or a line break). */
export function csvText(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
