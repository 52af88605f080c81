/**
 * Frames: labelled, coloured boxes drawn behind nodes, for annotating a graph. A document keeps
 * them in `meta.frames`; readers that do not know frames ignore them (the format leaves `meta`
 * open), so the format version stays 1.
 */
import type { GraphDocument } from './document';
import { uniqueId } from './ids';

/** A labelled, coloured box drawn behind nodes, for annotating; kept in `meta.frames`. */
export interface Frame {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The colours a new frame takes in turn (and a frame's swatch cycles through). */
export const FRAME_COLORS = ['#3b82f6', '#22c55e', '#eab308', '#ef4444', '#a855f7', '#64748b'];

export function framesOf(document: GraphDocument): readonly Frame[] {
  const frames = document.meta?.frames;
  return Array.isArray(frames) ? (frames as Frame[]) : [];
}

/** `document` with `frames` as its frames; `meta` is dropped once nothing is left in it. */
export function withFrames(document: GraphDocument, frames: readonly Frame[]): GraphDocument {
  const meta = { ...document.meta };
  if (frames.length > 0) meta.frames = frames;
  else delete meta.frames;
  const { meta: _old, ...rest } = document;
  return Object.keys(meta).length > 0 ? { ...rest, meta } : rest;
}

export function newFrameId(document: GraphDocument): string {
  return uniqueId('frame', new Set(framesOf(document).map((frame) => frame.id)));
}
