/**
 * A volume's description beside its .npy: `NAME.json` as `convolab run` writes it for `NAME.npy`
 * (FORMAT.md's `S.json`: sizes, origin, and for cone-beam projections their `angles` and
 * `geometry`). source.volume reads it back, so projections saved by one run — or a real scan
 * whose geometry its owner wrote down in the same fields — can be reconstructed by op.fdk in
 * another; without it a volume read from a file carries no geometry.
 */
import type { Volume, VolumeGeometry } from '../data';
import { printable } from '../graph/printable';
import * as z from '../zod-mini';
import { utf8Text } from './deflate';

/** `dir/NAME.json` for `dir/NAME.npy`; undefined for other files (NIfTI carries its own header). */
export function volumeSidecarPath(path: string): string | undefined {
  return /\.npy$/i.test(path) ? `${path.slice(0, -4)}.json` : undefined;
}

/** Far more than a description (angles of 100,000 views take ~2 MB): a file holding the samples too, or not one of ours. */
export const MAX_SIDECAR_BYTES = 16 * 1024 * 1024;

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const positive = finite.check(z.positive());
const side = z.int().check(z.positive(), z.maximum(65536));
const geometrySchema = z.object({
  sod: positive,
  sdd: positive,
  du: positive,
  dv: positive,
  U: side,
  V: side,
  views: side,
  volume: z.optional(z.object({ width: side, height: side, depth: side })),
});
const sidecarSchema = z.looseObject({
  type: z.optional(z.string()),
  width: z.optional(side),
  height: z.optional(side),
  depth: z.optional(side),
  channels: z.optional(side),
  origin: z.optional(z.object({ x: finite, y: finite, z: z.optional(finite) })),
  angles: z.optional(z.array(finite)),
  geometry: z.optional(geometrySchema),
});

export type SidecarResult =
  | { readonly ok: true; readonly volume: Volume; readonly geometry?: VolumeGeometry }
  | { readonly ok: false; readonly problem: string };

/**
 * The volume with what `bytes` (its NAME.json) says about it: its origin, and cone-beam geometry
 * and angles where the sidecar has them and they fit the volume's sides; or why the sidecar was
 * not used (one line; the caller reads the volume as it is and says so).
 */
export function applyVolumeSidecar(bytes: Uint8Array, volume: Volume): SidecarResult {
  if (bytes.length > MAX_SIDECAR_BYTES) return { ok: false, problem: `it is ${(bytes.length / 1024 / 1024).toFixed(0)} MB, more than a volume's description` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Text(bytes));
  } catch (error) {
    return { ok: false, problem: `not JSON (${printable(error instanceof Error ? error.message : String(error))})` };
  }
  const checked = sidecarSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, problem: `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'not a volume description'}` };
  }
  const meta = checked.data;
  if (meta.type !== undefined && meta.type !== 'volume') {
    const type = printable(meta.type.slice(0, 40));
    return { ok: false, problem: `it describes ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}, not a volume` };
  }
  for (const name of ['width', 'height', 'depth', 'channels'] as const) {
    const said = meta[name];
    if (said !== undefined && said !== volume[name]) return { ok: false, problem: `it says ${name} ${said}, but the file holds ${volume[name]}` };
  }
  const origin = meta.origin ? { x: meta.origin.x, y: meta.origin.y, z: meta.origin.z ?? volume.origin.z } : volume.origin;
  const { geometry, angles } = meta;
  if (!geometry) return { ok: true, volume: { ...volume, origin } };
  if (geometry.U !== volume.width || geometry.V !== volume.height || geometry.views !== volume.depth) {
    return { ok: false, problem: `its geometry says ${geometry.views} views of ${geometry.U} × ${geometry.V} pixels, but the file holds ${volume.depth} planes of ${volume.width} × ${volume.height}` };
  }
  if (angles !== undefined && angles.length !== geometry.views) return { ok: false, problem: `its geometry says ${geometry.views} views, but it lists ${angles.length} angles` };
  const carried: VolumeGeometry = {
    sod: geometry.sod, sdd: geometry.sdd, du: geometry.du, dv: geometry.dv, U: geometry.U, V: geometry.V, views: geometry.views,
    ...(geometry.volume ? { volume: { ...geometry.volume } } : {}),
  };
  return {
    ok: true,
    volume: { ...volume, origin, geometry: carried, ...(angles !== undefined ? { angles: Float64Array.from(angles) } : {}) },
    geometry: carried,
  };
}
