/** The three planes through DC of a centred size³ |H| (response3d's layout: z, y, x), as the view shows them. */
export interface ResponsePlane {
  readonly label: string;
  readonly data: Float32Array;
}

export function responsePlanes(magnitude: Float32Array, size: number): ResponsePlane[] {
  const middle = Math.floor(size / 2);
  const plane = size * size;
  const fz = new Float32Array(plane), fy = new Float32Array(plane), fx = new Float32Array(plane);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      // Rows a, columns b: (fy, fx) at fz = 0; (fz, fx) at fy = 0; (fz, fy) at fx = 0.
      fz[a * size + b] = magnitude[(middle * size + a) * size + b]!;
      fy[a * size + b] = magnitude[(a * size + middle) * size + b]!;
      fx[a * size + b] = magnitude[(a * size + b) * size + middle]!;
    }
  }
  return [
    { label: 'fz=0 · fx→ fy↓', data: fz },
    { label: 'fy=0 · fx→ fz↓', data: fy },
    { label: 'fx=0 · fy→ fz↓', data: fx },
  ];
}
