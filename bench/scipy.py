"""The bench cases of bench/run.ts timed with numpy/scipy (single thread, median of repeats).
Run: python3 bench/scipy.py [--json]"""
import json, os, sys, time

# This file is named scipy.py, so its own folder must not shadow the real scipy package.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import numpy as np
import scipy.fft as sfft
from scipy import ndimage, signal

rng = np.random.default_rng(1)
rows = []

def median_ms(f, budget=1.5):
    f(); f()
    t = time.perf_counter(); f(); once = time.perf_counter() - t
    reps = max(3, min(60, int(budget / max(once, 1e-6))))
    s = []
    for _ in range(reps):
        t = time.perf_counter(); f(); s.append(time.perf_counter() - t)
    return 1000 * float(np.median(s))

sizes = [1 << k for k in range(10, 23)] + [1000, 4095, 100003]
for n in sizes:
    x = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    rows.append({"op": "fft complex f64", "n": n, "numpy": median_ms(lambda: np.fft.fft(x)), "scipy": median_ms(lambda: sfft.fft(x))})
for n in sizes:
    x = rng.standard_normal(n)
    rows.append({"op": "fft real f64", "n": n, "numpy": median_ms(lambda: np.fft.rfft(x)), "scipy": median_ms(lambda: sfft.rfft(x))})
for na, nb in [(1 << 16, 64), (1 << 16, 1 << 16), (1 << 20, 1 << 12), (1_000_000, 48_000)]:
    a, b = rng.standard_normal(na), rng.standard_normal(nb)
    rows.append({"op": "convolve1d full f64", "shape": f"{na}x{nb}",
                 "fftconvolve": median_ms(lambda: signal.fftconvolve(a, b)),
                 "oaconvolve": median_ms(lambda: signal.oaconvolve(a, b)),
                 "convolve(auto)": median_ms(lambda: signal.convolve(a, b))})
for sigma, size in [(3, 1024), (10, 1024), (3, 4096), (10, 4096)]:
    img = rng.random((size, size)).astype(np.float32)
    r = int(np.ceil(3 * sigma))
    rows.append({"op": f"gaussian sigma={sigma} same/reflect f32", "shape": f"{size}x{size} k{2 * r + 1}",
                 "ndimage.gaussian_filter": median_ms(lambda: ndimage.gaussian_filter(img, sigma, mode="reflect", truncate=r / sigma), budget=3)})
img = rng.random((1024, 1024)).astype(np.float32)
k = rng.standard_normal((31, 31)).astype(np.float32)
rows.append({"op": "generic 31x31 same f32", "shape": "1024x1024 k31",
             "fftconvolve": median_ms(lambda: signal.fftconvolve(img, k, mode="same"))})
# 3-D convolution (issue 16): ndimage's own filters, single thread ("scipy" so compare.ts shows it).
vol = rng.random((64, 64, 64)).astype(np.float32)
rows.append({"op": "gaussian sigma=2 same/reflect f32", "shape": "64^3 k13",
             "scipy": median_ms(lambda: ndimage.gaussian_filter(vol, 2, mode="reflect", truncate=3), budget=3)})
k5 = rng.standard_normal((5, 5, 5)).astype(np.float32)
rows.append({"op": "generic 5x5x5 same/reflect f32", "shape": "64^3 k5",
             "scipy": median_ms(lambda: ndimage.convolve(vol, k5, mode="reflect"), budget=3)})
rows.append({"op": "generic 5x5x5 same/reflect f32", "shape": "64^3 k5 stride 2",
             "scipy": median_ms(lambda: ndimage.convolve(vol, k5, mode="reflect")[::2, ::2, ::2], budget=3)})
k15 = rng.standard_normal((15, 15, 15)).astype(np.float32)
rows.append({"op": "generic 15x15x15 same/reflect f32", "shape": "64^3 k15",
             "scipy": median_ms(lambda: ndimage.convolve(vol, k15, mode="reflect"), budget=3)})
z = rng.standard_normal((1024, 1024)) + 1j * rng.standard_normal((1024, 1024))
rows.append({"op": "fft2d complex f64", "shape": "1024x1024", "numpy": median_ms(lambda: np.fft.fft2(z)), "scipy": median_ms(lambda: sfft.fft2(z))})

if "--json" in sys.argv:
    print(json.dumps(rows))
else:
    for r in rows:
        print(f"{r['op']:<36} {str(r.get('n', r.get('shape'))):<18} " + "  ".join(f"{k} {v:.3f}" for k, v in r.items() if k not in ("op", "n", "shape")))
