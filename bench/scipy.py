"""The bench cases of bench/run.ts timed with numpy/scipy: one thread, CPU time per call
(time.process_time, the process's user + system time, ns resolution), median of repeats, calls
shorter than MIN_SAMPLE timed in batches (as bench/harness.ts times ours; docs/bench.md).
Run: python3 bench/scipy.py [--json] [--filter TEXT] (the cases whose "op size" contains TEXT,
as bench/run.ts and bench/native.ts filter theirs; the case's data is made only when it runs).
Every row says "scipy_clock": "cpu" and "scipy_threads", the threads this process had when the
row was timed (1: numpy's BLAS pool is held to one thread below; scipy.fft runs on one worker
unless told otherwise, and ndimage and signal on the calling thread). bench:compare runs it with
glibc's malloc keeping freed memory (compare.ts SCIPY_MALLOC), so its calls' new arrays are not
fresh pages whose faults' price moves with the load (docs/bench.md)."""
import json, math, os, sys, time

# One thread: OpenBLAS (or MKL, or an OpenMP runtime) would otherwise start a pool at import
# whose threads' CPU time process_time counts. Set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

# This file is named scipy.py, so its own folder must not shadow the real scipy package.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import numpy as np
import scipy.fft as sfft
from scipy import ndimage, signal

rng = np.random.default_rng(1)
rows = []
FILTER = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv[:-1] else ""

def wanted(op, size):
    """Whether the case named op and size is selected (with or without the dtype word in op)."""
    return any(FILTER in f"{name} {size}" for name in (op, op.replace(" f64", "").replace(" f32", "")))

def threads():
    """The threads of this process now (Linux), or None."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return None

def case(op, size, columns):
    """Appends the row of a selected case; columns() makes the data and times it only then."""
    if wanted(op, size):
        row = {"op": op, ("n" if isinstance(size, int) else "shape"): size, **columns()}
        rows.append({**row, "scipy_clock": "cpu", "scipy_threads": threads()})

# The least CPU time of one sample (s): a call shorter than this is timed in a batch of calls.
MIN_SAMPLE = 1e-3

def median_ms(f, budget=1.5):
    """Median CPU ms per call of f: warm-up, then samples of `batch` calls until about `budget`
    s of CPU (3 to 60 samples)."""
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

sizes = [1 << k for k in range(10, 23)] + [1000, 4095, 100003]

def complex_fft(n):
    x = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    return {"numpy": median_ms(lambda: np.fft.fft(x)), "scipy": median_ms(lambda: sfft.fft(x))}

def real_fft(n):
    x = rng.standard_normal(n)
    return {"numpy": median_ms(lambda: np.fft.rfft(x)), "scipy": median_ms(lambda: sfft.rfft(x))}

for n in sizes:
    case("fft complex f64", n, lambda: complex_fft(n))
for n in sizes:
    case("fft real f64", n, lambda: real_fft(n))

def convolve1d(na, nb):
    a, b = rng.standard_normal(na), rng.standard_normal(nb)
    return {"fftconvolve": median_ms(lambda: signal.fftconvolve(a, b)),
            "oaconvolve": median_ms(lambda: signal.oaconvolve(a, b)),
            "convolve(auto)": median_ms(lambda: signal.convolve(a, b))}

for na, nb in [(1 << 16, 64), (1 << 16, 1 << 16), (1 << 20, 1 << 12), (1_000_000, 48_000)]:
    case("convolve1d full f64", f"{na}x{nb}", lambda: convolve1d(na, nb))

def gaussian(sigma, size):
    img = rng.random((size, size)).astype(np.float32)
    r = int(np.ceil(3 * sigma))
    return {"ndimage.gaussian_filter": median_ms(lambda: ndimage.gaussian_filter(img, sigma, mode="reflect", truncate=r / sigma), budget=3)}

for sigma, size in [(3, 1024), (10, 1024), (3, 4096), (10, 4096)]:
    r = int(np.ceil(3 * sigma))
    case(f"gaussian sigma={sigma} same/reflect f32", f"{size}x{size} k{2 * r + 1}", lambda: gaussian(sigma, size))

def generic31():
    img = rng.random((1024, 1024)).astype(np.float32)
    k = rng.standard_normal((31, 31)).astype(np.float32)
    return {"fftconvolve": median_ms(lambda: signal.fftconvolve(img, k, mode="same"))}

case("generic 31x31 same f32", "1024x1024 k31", generic31)

# 3-D convolution (issue 16): ndimage's own filters, single thread ("scipy" so compare.ts shows it).
def volume():
    return rng.random((64, 64, 64)).astype(np.float32)

def convolve3d(k, stride=1):
    vol, kernel = volume(), rng.standard_normal((k, k, k)).astype(np.float32)
    return {"scipy": median_ms(lambda: ndimage.convolve(vol, kernel, mode="reflect")[::stride, ::stride, ::stride], budget=3)}

case("gaussian sigma=2 same/reflect f32", "64^3 k13",
     lambda: (lambda vol: {"scipy": median_ms(lambda: ndimage.gaussian_filter(vol, 2, mode="reflect", truncate=3), budget=3)})(volume()))
case("generic 5x5x5 same/reflect f32", "64^3 k5", lambda: convolve3d(5))
case("generic 5x5x5 same/reflect f32", "64^3 k5 stride 2", lambda: convolve3d(5, 2))
case("generic 15x15x15 same/reflect f32", "64^3 k15", lambda: convolve3d(15))

def fft2d():
    z = rng.standard_normal((1024, 1024)) + 1j * rng.standard_normal((1024, 1024))
    return {"numpy": median_ms(lambda: np.fft.fft2(z)), "scipy": median_ms(lambda: sfft.fft2(z))}

case("fft2d complex f64", "1024x1024", fft2d)
# numpy's result is new on every call too, but the one it freed comes back from malloc unfaulted,
# so this is the same measurement as above, beside our row into new arrays.
case("fft2d complex f64 fresh output", "1024x1024", fft2d)

if "--json" in sys.argv:
    print(json.dumps(rows))
else:
    for r in rows:
        print(f"{r['op']:<36} {str(r.get('n', r.get('shape'))):<18} " + "  ".join(f"{k} {v:.3f}" for k, v in r.items() if isinstance(v, float)) + f"  (CPU ms, {r['scipy_threads']} thread(s))")
