/**
 * Bluestein's chirp-z FFT for lengths with a prime factor above MIXED_MAX_PRIME: the DFT as a
 * convolution with a chirp, computed by a power-of-two FFT of size ≥ 2n − 1, with the chirp and
 * the chirp filter's spectrum precomputed.
 */
import type { ComplexKernel } from './fft';
import { pow2Kernel } from './fft';
import type { Pow2Kernel } from './pow2';
export class BluesteinKernel implements ComplexKernel {
  private readonly m: number;
  private readonly inner: Pow2Kernel;
  private readonly chirpR: Float64Array;
  private readonly chirpI: Float64Array;
  /** FFT_m of the filter b[j] = conj(chirp[|j|]), already divided by m for the inverse. */
  private readonly filterR: Float64Array;
  private readonly filterI: Float64Array;
  /** The chirped input, zero beyond n. */
  private readonly inR: Float64Array;
  private readonly inI: Float64Array;
  private readonly bufR: Float64Array;
  private readonly bufI: Float64Array;

  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.inner = pow2Kernel(m);
    // chirp[k] = exp(−iπ k²/n); k² is reduced mod 2n first so the angle stays accurate.
    this.chirpR = new Float64Array(n);
    this.chirpI = new Float64Array(n);
    const twoN = 2 * n;
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % twoN; // exact below 2^53 for n < 2^26
      const a = (-Math.PI * k2) / n;
      this.chirpR[k] = Math.cos(a);
      this.chirpI[k] = Math.sin(a);
    }
    const br = new Float64Array(m), bi = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      br[k] = this.chirpR[k];
      bi[k] = -this.chirpI[k];
      if (k > 0) {
        br[m - k] = this.chirpR[k];
        bi[m - k] = -this.chirpI[k];
      }
    }
    this.filterR = new Float64Array(m);
    this.filterI = new Float64Array(m);
    this.inner.transform(br, bi, this.filterR, this.filterI);
    const scale = 1 / m;
    for (let k = 0; k < m; k++) {
      this.filterR[k] *= scale;
      this.filterI[k] *= scale;
    }
    this.inR = new Float64Array(m);
    this.inI = new Float64Array(m);
    this.bufR = new Float64Array(m);
    this.bufI = new Float64Array(m);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n, m = this.m;
    const cr = this.chirpR, ci = this.chirpI, fr = this.filterR, fi = this.filterI;
    // The chirped input lives in its own buffer, whose tail [n, m) stays zero from construction.
    const ar = this.inR, ai = this.inI, br = this.bufR, bi = this.bufI;
    for (let k = 0; k < n; k++) {
      const r = xr[k], i = xi[k];
      ar[k] = r * cr[k] - i * ci[k];
      ai[k] = r * ci[k] + i * cr[k];
    }
    const work = this.inner.transformToWork(ar, ai, 0, 0, 1);
    if (work) {
      // In-cache sizes: both spectra are read straight from the kernel's work array, saving
      // its output passes (and the second transform's m − n unwanted outputs are never written).
      bluesteinFilterFromWork(work, fr, fi, br, bi, m);
      const out = this.inner.transformToWork(br, bi, 0, 0, 1)!;
      for (let k = 0; k < n; k++) {
        const r = out[2 * k], i = -out[2 * k + 1];
        yr[k] = r * cr[k] - i * ci[k];
        yi[k] = r * ci[k] + i * cr[k];
      }
      return;
    }
    this.inner.transform(ar, ai, br, bi);
    // Multiply by the filter spectrum and conjugate, so a second forward FFT acts as the inverse.
    for (let k = 0; k < m; k++) {
      const r = br[k], i = bi[k];
      br[k] = r * fr[k] - i * fi[k];
      bi[k] = -(r * fi[k] + i * fr[k]);
    }
    this.inner.transform(br, bi, br, bi);
    for (let k = 0; k < n; k++) {
      const r = br[k], i = -bi[k];
      yr[k] = r * cr[k] - i * ci[k];
      yi[k] = r * ci[k] + i * cr[k];
    }
  }
}

/** b = conj(A·F) with A read interleaved from a kernel's work array (Bluestein's middle step). */
function bluesteinFilterFromWork(
  work: number[], fr: Float64Array, fi: Float64Array, br: Float64Array, bi: Float64Array, m: number,
): void {
  for (let k = 0; k < m; k++) {
    const r = work[2 * k], i = work[2 * k + 1];
    br[k] = r * fr[k] - i * fi[k];
    bi[k] = -(r * fi[k] + i * fr[k]);
  }
}
