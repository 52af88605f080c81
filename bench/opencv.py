"""The 2-D cases of bench/run.ts timed with OpenCV (Debian's python3-opencv), one thread,
median of repeats after warm-up. Prints a JSON array: {"op", "shape", "opencv_ms"}, and for
the 2-D filters "opencv_dst_ms", the same call into an output array kept across calls (dst=).
A fresh output is numpy's: it asks for 2 MB pages (madvise MADV_HUGEPAGE), so 64 MB take ~540
page faults where a JavaScript array of that size takes 16,384 (docs/image2d-performance.md).
Run with Debian's python (the package installs there): /usr/bin/python3 bench/opencv.py
scipy 'reflect' (d c b a | a b c d) is OpenCV's BORDER_REFLECT; true convolution with a
symmetric kernel equals filter2D's correlation, and a random 31×31 kernel is flipped first."""
import json, sys, time
import numpy as np
import cv2

cv2.setNumThreads(1)
rng = np.random.default_rng(1)

def median_ms(f, budget=2.0):
    f(); f()
    t = time.perf_counter(); f(); once = time.perf_counter() - t
    reps = max(3, min(60, int(budget / max(once, 1e-6))))
    s = []
    for _ in range(reps):
        t = time.perf_counter(); f(); s.append(time.perf_counter() - t)
    return 1000 * float(np.median(s))

rows = []
for sigma, size in [(3, 1024), (10, 1024), (3, 4096), (10, 4096)]:
    img = rng.random((size, size)).astype(np.float32)
    k = 2 * int(np.ceil(3 * sigma)) + 1
    dst = np.empty_like(img)
    rows.append({"op": f"gaussian sigma={sigma} same/reflect f32", "shape": f"{size}x{size} k{k}",
                 "opencv_ms": median_ms(lambda: cv2.GaussianBlur(img, (k, k), sigma, borderType=cv2.BORDER_REFLECT)),
                 "opencv_dst_ms": median_ms(lambda: cv2.GaussianBlur(img, (k, k), sigma, dst=dst, borderType=cv2.BORDER_REFLECT))})
img = rng.random((1024, 1024)).astype(np.float32)
kernel = np.ascontiguousarray(rng.standard_normal((31, 31)).astype(np.float32)[::-1, ::-1])
dst = np.empty_like(img)
rows.append({"op": "generic 31x31 same/reflect f32", "shape": "1024x1024 k31",
             "opencv_ms": median_ms(lambda: cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REFLECT)),
             "opencv_dst_ms": median_ms(lambda: cv2.filter2D(img, -1, kernel, dst=dst, borderType=cv2.BORDER_REFLECT))})
z = (rng.standard_normal((1024, 1024)) + 1j * rng.standard_normal((1024, 1024)))
zc = np.stack([z.real, z.imag], axis=-1).astype(np.float64)
rows.append({"op": "fft2d complex f64", "shape": "1024x1024", "opencv_ms": median_ms(lambda: cv2.dft(zc, flags=cv2.DFT_COMPLEX_OUTPUT))})
for n in [1 << 16, 1 << 18, 1 << 20]:
    x = np.stack([rng.standard_normal(n), rng.standard_normal(n)], axis=-1).reshape(1, n, 2)
    rows.append({"op": "fft complex f64", "n": n, "opencv_ms": median_ms(lambda: cv2.dft(x, flags=cv2.DFT_COMPLEX_OUTPUT | cv2.DFT_ROWS))})

print(json.dumps(rows))
