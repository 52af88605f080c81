/**
 * "Export canvas as PNG": the canvas as the user sees it (the part in view), drawn onto a 2-D
 * canvas at twice its size. No library draws the page for us (html-to-image is not among the
 * dependencies), and the page cannot screenshot itself in serve; so the wires are stroked from
 * their SVG paths through the transform the screen applies to them, and each node is drawn from
 * its elements as laid out: backgrounds, borders (rounded), text, field values, and the previews'
 * own canvases and SVGs. What CSS does beyond that (shadows, gradients) is left out.
 */
import { canvasPng, standaloneSvg } from './deliver';

const TRANSPARENT = /^(transparent|rgba\(0, 0, 0, 0\))$/;

/** A corner radius as drawn: percentages of the box, pixels scaled by the view's zoom. */
function radius(value: string, width: number, height: number, zoom: number): number {
  const number = Number.parseFloat(value) || 0;
  return value.endsWith('%') ? (Math.min(width, height) * number) / 100 : number * zoom;
}

function paintBox(context: CanvasRenderingContext2D, style: CSSStyleDeclaration, rect: DOMRect, zoom: number): void {
  const corner = Math.min(radius(style.borderTopLeftRadius, rect.width, rect.height, zoom), rect.width / 2, rect.height / 2);
  if (!TRANSPARENT.test(style.backgroundColor)) {
    context.fillStyle = style.backgroundColor;
    context.beginPath();
    context.roundRect(rect.left, rect.top, rect.width, rect.height, corner);
    context.fill();
  }
  const sides = [
    [style.borderTopWidth, style.borderTopColor, style.borderTopStyle, rect.left, rect.top, rect.width, 0],
    [style.borderBottomWidth, style.borderBottomColor, style.borderBottomStyle, rect.left, rect.bottom, rect.width, 0],
    [style.borderLeftWidth, style.borderLeftColor, style.borderLeftStyle, rect.left, rect.top, 0, rect.height],
    [style.borderRightWidth, style.borderRightColor, style.borderRightStyle, rect.right, rect.top, 0, rect.height],
  ] as const;
  const uniform = sides.every((side) => side[0] === sides[0][0] && side[1] === sides[0][1] && side[2] === sides[0][2]);
  if (uniform && corner > 0) {
    const width = Number.parseFloat(sides[0][0]) * zoom;
    if (width > 0 && sides[0][2] !== 'none' && !TRANSPARENT.test(sides[0][1])) {
      context.strokeStyle = sides[0][1];
      context.lineWidth = width;
      context.beginPath();
      context.roundRect(rect.left + width / 2, rect.top + width / 2, rect.width - width, rect.height - width, Math.max(0, corner - width / 2));
      context.stroke();
    }
    return;
  }
  for (const [widthText, colour, lineStyle, x, y, across, down] of sides) {
    const width = Number.parseFloat(widthText) * zoom;
    if (!(width > 0) || lineStyle === 'none' || TRANSPARENT.test(colour)) continue;
    context.fillStyle = colour;
    // Each side inside the box: bottom and right move in by their width.
    const inX = x === rect.right ? -width : 0;
    const inY = y === rect.bottom ? -width : 0;
    context.fillRect(x + inX, y + inY, across || width, down || width);
  }
}

function font(style: CSSStyleDeclaration, zoom: number): string {
  return `${style.fontStyle} ${style.fontWeight} ${Number.parseFloat(style.fontSize) * zoom}px ${style.fontFamily}`;
}

function paintText(context: CanvasRenderingContext2D, text: string, style: CSSStyleDeclaration, rect: DOMRect, zoom: number, align: 'left' | 'center' = 'left'): void {
  // Spaces kept: a text's box starts at its first character, a leading space included.
  const shown = text.replace(/\s+/g, ' ');
  if (!shown.trim() || rect.width === 0) return;
  context.save();
  context.beginPath();
  context.rect(rect.left, rect.top, rect.width, rect.height);
  context.clip();
  context.font = font(style, zoom);
  context.fillStyle = style.color;
  context.textBaseline = 'middle';
  context.textAlign = align;
  context.fillText(shown, align === 'center' ? rect.left + rect.width / 2 : rect.left, rect.top + rect.height / 2);
  context.restore();
}

/** A slider as a track and a round thumb where its value is. */
function paintSlider(context: CanvasRenderingContext2D, slider: HTMLInputElement, rect: DOMRect, zoom: number): void {
  const min = Number(slider.min || 0);
  const max = Number(slider.max || 100);
  const fraction = max > min ? Math.min(1, Math.max(0, (Number(slider.value) - min) / (max - min))) : 0;
  const thumb = 7 * zoom;
  const y = rect.top + rect.height / 2;
  const x = rect.left + thumb + fraction * Math.max(0, rect.width - 2 * thumb);
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#6aa8ff';
  context.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--line').trim() || '#333845';
  context.fillRect(rect.left, y - 2 * zoom, rect.width, 4 * zoom);
  context.fillStyle = accent;
  context.fillRect(rect.left, y - 2 * zoom, x - rect.left, 4 * zoom);
  context.beginPath();
  context.arc(x, y, thumb, 0, 2 * Math.PI);
  context.fill();
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Draws an element and what it holds, in page coordinates (the context is moved to the canvas's corner). */
async function paintElement(context: CanvasRenderingContext2D, element: Element, zoom: number): Promise<void> {
  const style = getComputedStyle(element);
  if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return;
  const rect = element.getBoundingClientRect();
  if (element instanceof HTMLElement || element instanceof SVGSVGElement) paintBox(context, style, rect, zoom);
  if (element instanceof HTMLCanvasElement) {
    if (element.width > 0 && element.height > 0) {
      context.imageSmoothingEnabled = style.imageRendering !== 'pixelated';
      context.drawImage(element, rect.left, rect.top, rect.width, rect.height);
    }
    return;
  }
  if (element instanceof HTMLImageElement) {
    if (element.complete && element.naturalWidth > 0) context.drawImage(element, rect.left, rect.top, rect.width, rect.height);
    return;
  }
  if (element instanceof SVGSVGElement) {
    if (rect.width > 0 && rect.height > 0) context.drawImage(await svgImage(element), rect.left, rect.top, rect.width, rect.height);
    return;
  }
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) {
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      if (element.checked) paintText(context, '✓', style, rect, zoom, 'center');
      return;
    }
    if (element instanceof HTMLInputElement && element.type === 'range') {
      paintSlider(context, element, rect, zoom);
      return;
    }
    const inset = Number.parseFloat(style.paddingLeft) * zoom;
    const box = new DOMRect(rect.left + inset, rect.top, Math.max(0, rect.width - 2 * inset), rect.height);
    paintText(context, element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? '') : element.value, style, box, zoom);
    return;
  }
  for (const child of element.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      const range = document.createRange();
      range.selectNodeContents(child);
      const box = range.getBoundingClientRect();
      // Text may be clipped by its element: draw it within the element's box.
      paintText(context, child.textContent ?? '', style, new DOMRect(box.left, box.top, Math.min(box.width + 2, rect.right - box.left), box.height), zoom);
    } else if (child instanceof Element) {
      await paintElement(context, child, zoom);
    }
  }
}

/** The wires: each path stroked through the transform that puts it on screen. */
function paintEdges(context: CanvasRenderingContext2D, flow: Element, corner: DOMRect, scale: number): void {
  for (const path of flow.querySelectorAll<SVGPathElement>('.react-flow__edge path.react-flow__edge-path')) {
    const style = getComputedStyle(path);
    const matrix = path.getScreenCTM();
    const d = path.getAttribute('d');
    if (!matrix || !d || style.display === 'none' || style.visibility === 'hidden') continue;
    context.save();
    context.setTransform(new DOMMatrix([scale, 0, 0, scale, -corner.left * scale, -corner.top * scale]).multiply(matrix));
    context.strokeStyle = style.stroke;
    context.lineWidth = Number.parseFloat(style.strokeWidth) || 2;
    if (style.strokeDasharray && style.strokeDasharray !== 'none') context.setLineDash(style.strokeDasharray.split(/[\s,]+/).map(Number.parseFloat));
    context.stroke(new Path2D(d));
    context.restore();
  }
}

/** The canvas (`flow`, the `.react-flow` element) as PNG bytes, `scale` times its size on screen. */
export async function flowPng(flow: Element, scale = 2): Promise<Uint8Array> {
  const corner = flow.getBoundingClientRect();
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(corner.width * scale));
  out.height = Math.max(1, Math.round(corner.height * scale));
  const context = out.getContext('2d');
  if (!context) throw new Error('no 2-D canvas to draw the graph on');
  context.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#15171c';
  context.fillRect(0, 0, out.width, out.height);
  paintEdges(context, flow, corner, scale);
  context.setTransform(scale, 0, 0, scale, -corner.left * scale, -corner.top * scale);
  context.beginPath();
  context.rect(corner.left, corner.top, corner.width, corner.height);
  context.clip();
  for (const node of flow.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const rect = node.getBoundingClientRect();
    if (rect.right < corner.left || rect.left > corner.right || rect.bottom < corner.top || rect.top > corner.bottom) continue;
    // The view's zoom, as this node is drawn at it.
    const zoom = node.offsetWidth > 0 ? rect.width / node.offsetWidth : 1;
    await paintElement(context, node, zoom);
  }
  return canvasPng(out);
}
