"""The 2-D cases of bench/run.ts and some FFT rows timed with OpenCV (Debian's python3-opencv),
one thread (cv2.setNumThreads(1)), CPU time per call (time.process_time), median of repeats after
warm-up, calls shorter than MIN_SAMPLE timed in batches (docs/bench.md). Prints a JSON array:
{"op", "shape" or "n", "opencv_ms", "opencv_clock": "cpu"}, and "opencv_dst_ms", the same call
into an output array kept across calls (dst=).
A fresh output is numpy's: it asks for 2 MB pages (madvise MADV_HUGEPAGE), so 64 MB take ~540
page faults where a JavaScript array of that size takes 16,384 (docs/image2d-performance.md).
The FFT rows' fresh 1 MB output of 2^16 points took ~540 page faults a call here (3.9 ms of
system CPU at load ~8, for a transform of ~1 ms): ours and FFTW write into arrays kept across
calls, so the dst= time is the one to set beside theirs (docs/bench.md).
Run with Debian's python (the package installs there): /usr/bin/python3 bench/opencv.py
[--filter TEXT] (only the cases whose "op size" contains TEXT, with or without the dtype word,
are timed, as bench/scipy.py selects).
scipy 'reflect' (d c b a | a b c d) is OpenCV's BORDER_REFLECT; true convolution with a
symmetric kernel equals filter2D's correlation, and a random 31×31 kernel is flipped first."""
import json, math, os, sys, time

# One thread for numpy's BLAS too (bench/scipy.py): process_time counts every thread's CPU.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
import numpy as np
import cv2

cv2.setNumThreads(1)
rng = np.random.default_rng(1)
# The least CPU time of one sample (s): a call shorter than this is timed in a batch of calls.
MIN_SAMPLE = 1e-3

def median_ms(f, budget=2.0):
    """Median CPU ms per call of f (see bench/scipy.py's median_ms)."""
    f(); f()
    t = time.process_time(); count = 0
    while count < 3 or time.process_time() - t < 0.02:
        f(); count += 1
    once = (time.process_time() - t) / count
    batch = max(1, math.ceil(MIN_SAMPLE / max(once, 1e-9)))
    reps = max(3, min(60, int(budget / max(once * batch, 1e-6))))
    s = []
    for _ in range(reps):
        t = time.process_time()
        for _ in range(batch):
            f()
        s.append((time.process_time() - t) / batch)
    return 1000 * float(np.median(s))

FILTER = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv[:-1] else ""
rows = []

def case(op, size, columns):
    """Appends the row of a case whose "op size" contains FILTER; columns() times it only then."""
    if any(FILTER in f"{name} {size}" for name in (op, op.replace(" f64", "").replace(" f32", ""))):
        rows.append({"op": op, ("n" if isinstance(size, int) else "shape"): size, **columns()})

def gaussian(sigma, size, k):
    img = rng.random((size, size)).astype(np.float32)
    dst = np.empty_like(img)
    return {"opencv_ms": median_ms(lambda: cv2.GaussianBlur(img, (k, k), sigma, borderType=cv2.BORDER_REFLECT)),
            "opencv_dst_ms": median_ms(lambda: cv2.GaussianBlur(img, (k, k), sigma, dst=dst, borderType=cv2.BORDER_REFLECT))}

for sigma, size in [(3, 1024), (10, 1024), (3, 4096), (10, 4096)]:
    k = 2 * int(np.ceil(3 * sigma)) + 1
    case(f"gaussian sigma={sigma} same/reflect f32", f"{size}x{size} k{k}", lambda: gaussian(sigma, size, k))

def generic31():
    img = rng.random((1024, 1024)).astype(np.float32)
    kernel = np.ascontiguousarray(rng.standard_normal((31, 31)).astype(np.float32)[::-1, ::-1])
    dst = np.empty_like(img)
    return {"opencv_ms": median_ms(lambda: cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REFLECT)),
            "opencv_dst_ms": median_ms(lambda: cv2.filter2D(img, -1, kernel, dst=dst, borderType=cv2.BORDER_REFLECT))}

case("generic 31x31 same/reflect f32", "1024x1024 k31", generic31)

def fft2d():
    z = (rng.standard_normal((1024, 1024)) + 1j * rng.standard_normal((1024, 1024)))
    zc = np.stack([z.real, z.imag], axis=-1).astype(np.float64)
    dst = np.empty_like(zc)
    return {"opencv_ms": median_ms(lambda: cv2.dft(zc, flags=cv2.DFT_COMPLEX_OUTPUT)),
            "opencv_dst_ms": median_ms(lambda: cv2.dft(zc, dst=dst, flags=cv2.DFT_COMPLEX_OUTPUT))}

case("fft2d complex f64", "1024x1024", fft2d)

def complex_fft(n):
    x = np.stack([rng.standard_normal(n), rng.standard_normal(n)], axis=-1).reshape(1, n, 2)
    dst = np.empty_like(x)
    return {"opencv_ms": median_ms(lambda: cv2.dft(x, flags=cv2.DFT_COMPLEX_OUTPUT | cv2.DFT_ROWS)),
            "opencv_dst_ms": median_ms(lambda: cv2.dft(x, dst=dst, flags=cv2.DFT_COMPLEX_OUTPUT | cv2.DFT_ROWS))}

for n in [1 << 16, 1 << 18, 1 << 20]:
    case("fft complex f64", n, lambda: complex_fft(n))

print(json.dumps([{**row, "opencv_clock": "cpu"} for row in rows]))
