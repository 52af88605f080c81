/**
 * Previews in a text file (examples/gallery.json, the gallery's thumbnails): there text is the
 * format, so an image's pixels are base64 and the columns of a plot plain lists of numbers. In
 * memory and on both transports a preview holds typed arrays (preview.ts); these two functions
 * are the only place a preview meets text.
 */
import { base64ToBytes, bytesToBase64 } from '../io/base64';
import { previewFloat, type ImagePreview, type Preview, type SignalPreview, type SpectrumPreview } from './preview';

/** A preview as JSON holds it. */
export type PreviewJson =
  | (Omit<SignalPreview, 'min' | 'max'> & { readonly min: readonly number[]; readonly max: readonly number[] })
  | (Omit<SpectrumPreview, 'magnitude' | 'phase'> & { readonly magnitude: readonly number[]; readonly phase: readonly number[] })
  | (Omit<ImagePreview, 'pixels'> & { readonly pixels: string })
  | Exclude<Preview, SignalPreview | SpectrumPreview | ImagePreview>;

export function previewToJson(preview: Preview): PreviewJson {
  switch (preview.kind) {
    case 'signal':
      return { ...preview, min: Array.from(preview.min), max: Array.from(preview.max) };
    case 'spectrum':
      return { ...preview, magnitude: Array.from(preview.magnitude), phase: Array.from(preview.phase) };
    case 'image':
    case 'spectrum2d':
      return { ...preview, pixels: bytesToBase64(preview.pixels) };
    case 'value':
      return preview;
  }
}

/** A plot's columns as the preview holds them (float32); JSON's null (how it writes a NaN or an infinity) reads back as NaN. */
const floats = (values: readonly (number | null)[]): Float32Array => Float32Array.from(values, (value) => (value === null ? Number.NaN : previewFloat(value)));

export function previewFromJson(stored: PreviewJson): Preview {
  switch (stored.kind) {
    case 'signal':
      return { ...stored, min: floats(stored.min), max: floats(stored.max) };
    case 'spectrum':
      return { ...stored, magnitude: floats(stored.magnitude), phase: floats(stored.phase) };
    case 'image':
    case 'spectrum2d':
      return { ...stored, pixels: base64ToBytes(stored.pixels) };
    case 'value':
      return stored;
  }
}
