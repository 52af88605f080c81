/**
 * Independent references for the cone-beam tests: NODES.md's rays recomputed from its words, the
 * closed-form chord through an ellipsoid, an ellipsoid voxelised here, and error measures.
 */
export type Vec = [number, number, number];

/** Source and pixel centre in world coordinates (origin at the volume's centre), from NODES.md's words. */
export function ray(geometry: { sod: number; sdd: number; du: number; dv: number; U: number; V: number }, thetaDeg: number, u: number, v: number): { source: Vec; pixel: Vec } {
  const t = (thetaDeg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  const source: Vec = [geometry.sod * c, geometry.sod * s, 0];
  const along = (u - (geometry.U - 1) / 2) * geometry.du, up = (v - (geometry.V - 1) / 2) * geometry.dv;
  const back = geometry.sdd - geometry.sod;
  const pixel: Vec = [-back * c - along * s, -back * s + along * c, up];
  return { source, pixel };
}

/**
 * Length of the segment source→pixel inside the ellipsoid {(p − centre)ᵀ·diag(1/axes²)·(p − centre) ≤ 1}
 * (axis-aligned), and how deep the line passes (minimum of the quadratic form along it, 0 at the centre).
 */
export function chord(source: Vec, pixel: Vec, centre: Vec, axes: Vec): { length: number; depth: number } {
  const p = [0, 1, 2].map((k) => (source[k] - centre[k]) / axes[k]);
  const d = [0, 1, 2].map((k) => (pixel[k] - source[k]) / axes[k]);
  const a = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
  const b = 2 * (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]);
  const c = p[0] ** 2 + p[1] ** 2 + p[2] ** 2 - 1;
  const depth = c + 1 - (b * b) / (4 * a);
  const disc = b * b - 4 * a * c;
  if (disc <= 0) return { length: 0, depth };
  const t0 = Math.max(0, (-b - Math.sqrt(disc)) / (2 * a)), t1 = Math.min(1, (-b + Math.sqrt(disc)) / (2 * a));
  const length = Math.max(0, t1 - t0) * Math.hypot(pixel[0] - source[0], pixel[1] - source[1], pixel[2] - source[2]);
  return { length, depth };
}

/** An axis-aligned ellipsoid of `value`, voxelised at voxel centres in world coordinates. */
export function ellipsoidVolume(size: number, centre: Vec, axes: Vec, value: number): Float32Array {
  const out = new Float32Array(size ** 3), h = (size - 1) / 2;
  for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const q = ((x - h - centre[0]) / axes[0]) ** 2 + ((y - h - centre[1]) / axes[1]) ** 2 + ((z - h - centre[2]) / axes[2]) ** 2;
    if (q <= 1) out[(z * size + y) * size + x] = value;
  }
  return out;
}

/** Root-mean-square difference of two cubes, over the ball of `radius` voxels about the centre when given. */
export function rmse(a: Float32Array, b: Float32Array, radius = Infinity): number {
  const size = Math.round(Math.cbrt(a.length)), h = (size - 1) / 2;
  let sum = 0, count = 0;
  for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    if (Math.hypot(x - h, y - h, z - h) > radius) continue;
    const k = (z * size + y) * size + x;
    sum += (a[k] - b[k]) ** 2;
    count++;
  }
  return Math.sqrt(sum / count);
}

export function difference(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((value, k) => value - b[k]);
}

export function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let k = 0; k < n; k++) { ma += a[k]; mb += b[k]; }
  ma /= n; mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let k = 0; k < n; k++) {
    const x = a[k] - ma, y = b[k] - mb;
    ab += x * y; aa += x * x; bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

