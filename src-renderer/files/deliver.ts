/**
 * Getting exported bytes to the user, and a node's preview as a PNG. The desktop saves through
 * the platform's save dialog (FileMethods.exportFile); the browser downloads. A preview is drawn
 * as it is on the canvas: its SVG (with the styles it shows with) or its canvas, scaled up twice
 * for a sharp picture.
 */
import type { AppApi } from '../../src-shared/protocol';

const MIME: Readonly<Record<string, string>> = {
  png: 'image/png',
  wav: 'audio/wav',
  csv: 'text/csv',
  npy: 'application/octet-stream',
  json: 'application/json',
};

/**
 * A document's name (a shared graph's title, a dropped file's name) as a file name every system
 * and the host's own check take (protocol.ts: no path, nothing Windows refuses, no control
 * characters, no leading or trailing dots or spaces): each character that cannot stand becomes
 * a dash, and nothing left becomes `fallback`. A title such as "Low/high pass" otherwise made
 * every Save As of the graph it names fail on the desktop.
 */
export function plainFileName(name: string, fallback: string): string {
  const plain = name.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  return plain === '' ? fallback : plain;
}

/** Starts a browser download of bytes under a file name. */
export function download(name: string, bytes: Uint8Array | string): void {
  const extension = name.split('.').pop() ?? '';
  const blob = new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type: MIME[extension] ?? 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * What the status line says of an export: where it went. In a browser the file goes to the
 * browser's downloads, which "Exported two-dice.png" left the user to guess.
 */
export function deliveredWords(mode: 'electron' | 'browser', name: string): string {
  return mode === 'browser' ? `Downloaded ${name} (see your browser's downloads)` : `Exported ${name}`;
}

/** Saves (desktop) or downloads (browser) exported bytes; the name it was saved under, if any. */
export async function deliver(api: Pick<AppApi, 'exportFile'>, mode: 'electron' | 'browser', name: string, bytes: Uint8Array): Promise<string | undefined> {
  if (mode === 'browser') {
    download(name, bytes);
    return name;
  }
  const file = await api.exportFile({ suggestedName: name, data: bytes });
  return file?.name;
}

const STYLE_PROPERTIES = ['fill', 'stroke', 'stroke-width', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline'];

/** An SVG with its computed styles written onto each element, so it draws alone. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, index) => {
    const style = getComputedStyle(element);
    const target = copies[index] as SVGElement;
    target.setAttribute('style', STYLE_PROPERTIES.map((name) => `${name}:${style.getPropertyValue(name)}`).join(';'));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

/** A canvas's pixels as PNG bytes. */
export async function canvasPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the preview could not be drawn as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

/** The preview inside `element` (a node's preview area) as PNG bytes. */
export async function previewPng(element: Element, scale = 2): Promise<Uint8Array> {
  const background = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#15171c';
  const svg = element.querySelector('svg');
  const source = element.querySelector('canvas');
  const out = document.createElement('canvas');
  const context = out.getContext('2d');
  if (!context) throw new Error('no 2-D canvas to draw the preview on');
  if (svg) {
    const width = svg.width.baseVal.value || svg.clientWidth;
    const height = svg.height.baseVal.value || svg.clientHeight;
    const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      image.src = url;
      await image.decode();
      out.width = Math.round(width * scale);
      out.height = Math.round(height * scale);
      context.fillStyle = background;
      context.fillRect(0, 0, out.width, out.height);
      context.drawImage(image, 0, 0, out.width, out.height);
    } finally {
      URL.revokeObjectURL(url);
    }
    return canvasPng(out);
  }
  if (source) {
    // A volume's view shows three planes: they go side by side, 2 px apart, on the background.
    const sources = [...element.querySelectorAll('canvas')];
    const gap = 2 * scale;
    out.width = sources.reduce((sum, canvas) => sum + canvas.width * scale, 0) + gap * (sources.length - 1);
    out.height = Math.max(...sources.map((canvas) => canvas.height * scale));
    if (sources.length > 1) {
      context.fillStyle = background;
      context.fillRect(0, 0, out.width, out.height);
    }
    // A thumbnail's pixels stay pixels (as on the canvas, image-rendering: pixelated).
    context.imageSmoothingEnabled = false;
    let x = 0;
    for (const canvas of sources) {
      context.drawImage(canvas, x, 0, canvas.width * scale, canvas.height * scale);
      x += canvas.width * scale + gap;
    }
    return canvasPng(out);
  }
  throw new Error('this node shows no plot or image to export');
}
