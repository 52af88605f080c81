/**
 * 3-D test volumes for cone-beam CT (NODES.md's `source.phantom3d`): the Shepp–Logan head of
 * Kak & Slaney, random ellipsoids, a sphere and a cube, size³ voxels with values in [0, 1],
 * each voxel the phantom's value at the voxel's centre.
 *
 * Phantom coordinates run −1..1 across the volume between the outermost voxel centres (as the
 * 2-D sheppLoganPhantom of ct.ts): p_x = (x − c)/c, p_y = −(y − c)/c, p_z = −(z − c)/c with
 * c = (size − 1)/2. That is a half turn about the x axis (no mirror): a z-slice shown as an image
 * (row 0 at the top) shows the head upright as the 2-D phantom does, and an x- or y-slice shows
 * the top of the head at depth index 0.
 */
import { mulberry32 } from '../nodes/common';

export type Phantom3dPattern = 'shepp-logan' | 'ellipsoids' | 'sphere' | 'cube';

/**
 * One ellipsoid: value `A` added inside ((x'/a)² + (y'/b)² + (z'/c)² ≤ 1), x' the point minus
 * the centre, expressed in the ellipsoid's axes (the rows of `rotation`, row-major 3 × 3).
 */
export interface Ellipsoid {
  A: number;
  a: number; b: number; c: number;
  x0: number; y0: number; z0: number;
  rotation: Float64Array;
}

/** The rotation by φ degrees about z: the ellipsoid's first axis at angle φ from x. */
function rotationAboutZ(phiDeg: number): Float64Array {
  const p = (phiDeg * Math.PI) / 180, c = Math.cos(p), s = Math.sin(p);
  return Float64Array.of(c, s, 0, -s, c, 0, 0, 0, 1);
}

/**
 * The 3-D Shepp–Logan head phantom: the ellipsoid geometry of Kak & Slaney (Principles of
 * Computerized Tomographic Imaging, table 3.3: centres, semi-axes, rotation about z) with the
 * higher-contrast intensities of Yu, Ye & Wang (2004), the 3-D counterpart of the Toft
 * intensities the 2-D phantom uses. Kak & Slaney's own grey levels (2, −0.98, ±0.02, ±0.01)
 * halved would fit [0, 1] too, but leave the inner structures at 1 % contrast: invisible under
 * sparse-view streaks, which is what the CT lesson must show. Sums are clamped to [0, 1].
 */
export function sheppLogan3dEllipsoids(): Ellipsoid[] {
  //  A      a       b      c      x0     y0      z0    φ (degrees about z)
  const table = [
    [1.0, 0.69, 0.92, 0.9, 0, 0, 0, 0],
    [-0.8, 0.6624, 0.874, 0.88, 0, 0, 0, 0],
    [-0.2, 0.41, 0.16, 0.21, -0.22, 0, -0.25, 108],
    [-0.2, 0.31, 0.11, 0.22, 0.22, 0, -0.25, 72],
    [0.2, 0.21, 0.25, 0.5, 0, 0.35, -0.25, 0],
    [0.2, 0.046, 0.046, 0.046, 0, 0.1, -0.25, 0],
    [0.1, 0.046, 0.023, 0.02, -0.08, -0.65, -0.25, 0],
    [0.1, 0.046, 0.023, 0.02, 0.06, -0.65, -0.25, 90],
    [0.2, 0.056, 0.04, 0.1, 0.06, -0.105, 0.625, 90],
    [-0.2, 0.056, 0.056, 0.1, 0, 0.1, 0.625, 0],
  ];
  return table.map(([A, a, b, c, x0, y0, z0, phi]) => ({ A: A!, a: a!, b: b!, c: c!, x0: x0!, y0: y0!, z0: z0!, rotation: rotationAboutZ(phi!) }));
}

/** Of the seeds of the `ellipsoids` pattern, the fraction that draws a head (see randomEllipsoids). */
export const HEAD_FRACTION = 0.75;

/**
 * The `ellipsoids` pattern: from `seed` (mulberry32, so the same volume on every platform), in
 * 3 seeds of 4 a random head — as the random-ellipse phantoms of sparse-view CT papers: a skull
 * shell of value 0.8–1.0 (an outer ellipsoid of semi-axes 0.6–0.95, minus an inner one 0.02–0.1
 * thinner along each axis, leaving a soft-tissue interior of 0.1–0.3) with `count` ellipsoids
 * inside it (semi-axes 0.014–0.4, values −0.3…+0.6 added, so dark ventricles and bright
 * structures both occur) — and in the rest `count` free ellipsoids (semi-axes 0.05–0.35, values
 * 0.1–0.5) anywhere in the volume. A head's streaks under sparse views come from its bright
 * shell, which free ellipsoids never have; the free ones keep shell-less volumes (a part, the
 * sphere and cube patterns) in what a model trained on this pattern sees. Overlaps add and the
 * voxeliser clamps the sum to [0, 1].
 */
export function randomEllipsoids(count: number, seed: number): Ellipsoid[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`phantom3d: count must be a whole number ≥ 0, got ${count}`);
  const random = mulberry32(seed);
  return random() < HEAD_FRACTION ? randomHead(count, random) : freeEllipsoids(count, random);
}

/** Whether `seed` of the `ellipsoids` pattern draws a head (true) or free ellipsoids (false). */
export function isHeadSeed(seed: number): boolean {
  return mulberry32(seed)() < HEAD_FRACTION;
}

function randomHead(count: number, random: () => number): Ellipsoid[] {
  const outer = [0.6 + 0.35 * random(), 0.6 + 0.35 * random(), 0.6 + 0.35 * random()] as const;
  const inner = outer.map((axis) => axis - (0.02 + 0.08 * random())) as [number, number, number];
  // The shell's bounding sphere stays inside [−0.97, 0.97]³, as a scanned head fills the field.
  const reach = Math.max(0, 0.97 - Math.max(...outer));
  const centre = [(2 * random() - 1) * reach, (2 * random() - 1) * reach, (2 * random() - 1) * reach] as const;
  const rotation = randomRotation(random);
  const skull = 0.8 + 0.2 * random(), tissue = 0.1 + 0.2 * random();
  const out: Ellipsoid[] = [
    { A: skull, a: outer[0], b: outer[1], c: outer[2], x0: centre[0], y0: centre[1], z0: centre[2], rotation },
    { A: tissue - skull, a: inner[0], b: inner[1], c: inner[2], x0: centre[0], y0: centre[1], z0: centre[2], rotation },
  ];
  const smallest = Math.min(...inner);
  for (let e = 0; e < count; e++) {
    // Log-uniform size, so small features are as common as in a head; aspect up to about 3:1.
    const scale = 0.04 * Math.pow(0.4 / 0.04, random());
    const a = scale * (0.35 + 0.65 * random()), b = scale * (0.35 + 0.65 * random()), c = scale * (0.35 + 0.65 * random());
    // A centre in the inner ellipsoid shrunk by λ = 1 − r/m (r the bounding radius, m the inner's
    // smallest semi-axis) keeps the whole ellipsoid inside the shell: λ·E + (1 − λ)·ball(m) ⊆ E.
    const shrink = Math.max(0, 1 - Math.max(a, b, c) / smallest);
    const [ux, uy, uz] = uniformInBall(random);
    const local = [ux * inner[0] * shrink, uy * inner[1] * shrink, uz * inner[2] * shrink];
    // Shell axes → volume: the rows of `rotation` are the shell's axes, so multiply by its transpose.
    const x0 = centre[0] + rotation[0]! * local[0]! + rotation[3]! * local[1]! + rotation[6]! * local[2]!;
    const y0 = centre[1] + rotation[1]! * local[0]! + rotation[4]! * local[1]! + rotation[7]! * local[2]!;
    const z0 = centre[2] + rotation[2]! * local[0]! + rotation[5]! * local[1]! + rotation[8]! * local[2]!;
    const A = -0.3 + 0.9 * random();
    out.push({ A, a, b, c, x0, y0, z0, rotation: randomRotation(random) });
  }
  return out;
}

/** `count` ellipsoids anywhere: semi-axes 0.05–0.35, bounding sphere inside [−0.95, 0.95]³, values 0.1–0.5. */
function freeEllipsoids(count: number, random: () => number): Ellipsoid[] {
  const out: Ellipsoid[] = [];
  for (let e = 0; e < count; e++) {
    const a = 0.05 + 0.3 * random(), b = 0.05 + 0.3 * random(), c = 0.05 + 0.3 * random();
    const reach = 0.95 - Math.max(a, b, c);
    const x0 = (2 * random() - 1) * reach, y0 = (2 * random() - 1) * reach, z0 = (2 * random() - 1) * reach;
    const A = 0.1 + 0.4 * random();
    out.push({ A, a, b, c, x0, y0, z0, rotation: randomRotation(random) });
  }
  return out;
}

/** A rotation uniform over all rotations (Shoemake: a unit quaternion from three uniforms), row-major 3 × 3. */
function randomRotation(random: () => number): Float64Array {
  const u1 = random(), u2 = 2 * Math.PI * random(), u3 = 2 * Math.PI * random();
  const r1 = Math.sqrt(1 - u1), r2 = Math.sqrt(u1);
  const qx = r1 * Math.sin(u2), qy = r1 * Math.cos(u2), qz = r2 * Math.sin(u3), qw = r2 * Math.cos(u3);
  return Float64Array.of(
    1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy + qz * qw), 2 * (qx * qz - qy * qw),
    2 * (qx * qy - qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz + qx * qw),
    2 * (qx * qz + qy * qw), 2 * (qy * qz - qx * qw), 1 - 2 * (qx * qx + qy * qy),
  );
}

/** A point uniform in the unit ball: a uniform direction, radius the cube root of a uniform. */
function uniformInBall(random: () => number): [number, number, number] {
  const cosTheta = 2 * random() - 1, phi = 2 * Math.PI * random(), radius = Math.cbrt(random());
  const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
  return [radius * sinTheta * Math.cos(phi), radius * sinTheta * Math.sin(phi), radius * cosTheta];
}

/** Voxelises ellipsoids (phantom coordinates as in the file comment) at voxel centres, clamped to [0, 1]. */
export function voxelizeEllipsoids(ellipsoids: Ellipsoid[], size: number, onProgress?: (fraction: number) => void): Float32Array {
  checkSize(size);
  const out = new Float32Array(size * size * size);
  const half = (size - 1) / 2;
  const scale = half === 0 ? 0 : 1 / half;
  const row = new Float64Array(size);
  for (let z = 0; z < size; z++) {
    const pz = -(z - half) * scale;
    for (let y = 0; y < size; y++) {
      const py = -(y - half) * scale;
      row.fill(0);
      for (const { A, a, b, c, x0, y0, z0, rotation: r } of ellipsoids) {
        const dy = py - y0, dz = pz - z0;
        // Along the row only dx changes: each rotated coordinate is linear in it.
        const u0 = r[1]! * dy + r[2]! * dz, v0 = r[4]! * dy + r[5]! * dz, w0 = r[7]! * dy + r[8]! * dz;
        const ia = 1 / (a * a), ib = 1 / (b * b), ic = 1 / (c * c);
        for (let x = 0; x < size; x++) {
          const dx = (x - half) * scale - x0;
          const u = r[0]! * dx + u0, v = r[3]! * dx + v0, w = r[6]! * dx + w0;
          if (u * u * ia + v * v * ib + w * w * ic <= 1) row[x] = row[x]! + A;
        }
      }
      const base = (z * size + y) * size;
      for (let x = 0; x < size; x++) out[base + x] = Math.min(1, Math.max(0, row[x]!));
    }
    if (onProgress && (z & 7) === 7) onProgress((z + 1) / size);
  }
  return out;
}

/**
 * A size³ phantom. sphere: 1 where the voxel centre lies within size/4 voxels of the volume's
 * centre; cube: 1 where every coordinate lies within size/4 of it (a cube of side size/2).
 */
export function phantom3d(
  pattern: Phantom3dPattern, size: number, options: { count?: number; seed?: number } = {},
  onProgress?: (fraction: number) => void,
): Float32Array {
  checkSize(size);
  switch (pattern) {
    case 'shepp-logan': return voxelizeEllipsoids(sheppLogan3dEllipsoids(), size, onProgress);
    case 'ellipsoids': return voxelizeEllipsoids(randomEllipsoids(options.count ?? 12, options.seed ?? 1), size, onProgress);
    case 'sphere':
    case 'cube': {
      const out = new Float32Array(size * size * size);
      const half = (size - 1) / 2, radius = size / 4;
      for (let z = 0; z < size; z++) {
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const dx = x - half, dy = y - half, dz = z - half;
            const inside = pattern === 'sphere'
              ? dx * dx + dy * dy + dz * dz <= radius * radius
              : Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) <= radius;
            if (inside) out[(z * size + y) * size + x] = 1;
          }
        }
      }
      return out;
    }
    default: throw new RangeError(`phantom3d: unknown pattern '${String(pattern)}'; use shepp-logan, ellipsoids, sphere or cube`);
  }
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`phantom3d: size must be a whole number ≥ 1, got ${size}`);
}
