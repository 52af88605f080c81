"""CPU time (time.process_time) per call of scipy/numpy on bench/convolve-cpu.ts's cases, median
of repeats, single thread. Run: nice python3 bench/scipy-cpu.py [repeats]"""
import os, sys, time
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import numpy as np
import scipy.fft as sfft
from scipy import signal

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
rng = np.random.default_rng(1)

def cpu_ms(f, count):
    for _ in range(3): f()
    s = []
    for _ in range(count):
        t = time.process_time(); f(); s.append(time.process_time() - t)
    return 1000 * float(np.median(s))

for na, nb in [(1 << 16, 1 << 16), (1_000_000, 48_000)]:
    a, b = rng.standard_normal(na), rng.standard_normal(nb)
    n = repeats if na < 100_000 else max(3, repeats // 3)
    print(f"{'convolve1d %dx%d' % (na, nb):32} fftconvolve {cpu_ms(lambda: signal.fftconvolve(a, b), n):8.3f}  oaconvolve {cpu_ms(lambda: signal.oaconvolve(a, b), n):8.3f}  convolve {cpu_ms(lambda: signal.convolve(a, b), n):8.3f} ms CPU")
for n in [1 << 16, 1 << 20]:
    x = rng.standard_normal(n) + 1j * rng.standard_normal(n); r = rng.standard_normal(n)
    c = repeats if n < 100_000 else max(3, repeats // 3)
    print(f"{'fft complex / real %d' % n:32} {cpu_ms(lambda: sfft.fft(x), c):8.3f} / {cpu_ms(lambda: sfft.rfft(r), c):8.3f} ms CPU")
