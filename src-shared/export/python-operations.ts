/**
 * The Python of the operation node types (python-nodes.ts explains the contract): each a port of
 * its compute in src-shared/nodes/, on numpy and scipy.signal.
 */
import type { PythonNodeFunction } from './python-nodes';

export const PYTHON_OPERATIONS: Readonly<Record<string, PythonNodeFunction>> = {
  'op.convolve': {
    name: 'op_convolve',
    needs: ['Signal', 'convolve_signals', 'convolve_images'],
    source: String.raw`def op_convolve(a, b, method, mode, boundary, stride, integral):
    """True convolution (b flipped and slid across a). Every method gives the same numbers to
    rounding, so scipy picks its own."""
    if isinstance(a, Signal):
        if stride != 1:
            raise ValueError("stride applies to images and volumes: set it to 1 for signals")
        return convolve_signals(a, b, mode, integral)
    return convolve_images(a, b, mode, boundary, stride)`,
  },
  'op.correlate': {
    name: 'op_correlate',
    needs: ['Signal', 'flip', 'convolve_signals', 'convolve_images'],
    source: String.raw`def op_correlate(a, b, method, mode, boundary, stride, integral):
    """Cross-correlation, defined as convolve(a, flip(b)) (scipy.signal.correlate's convention)."""
    if isinstance(a, Signal):
        if stride != 1:
            raise ValueError("stride applies to images and volumes: set it to 1 for signals")
        return convolve_signals(a, flip(b), mode, integral)
    return convolve_images(a, flip(b), mode, boundary, stride)`,
  },
  'op.fft': {
    name: 'op_fft',
    needs: ['Spectrum', 'next_power_of_two'],
    source: String.raw`def op_fft(in_, size, n):
    """X[k] = sum_j x[j] e^(-2 pi i jk/n), unscaled as numpy.fft; n = the signal's length (exact),
    the next power of two, or a custom n that zero-pads (never crops)."""
    length = len(in_.data)
    n = length if size == "exact" else next_power_of_two(length) if size == "pow2" else n
    if n < length:
        raise ValueError(f"n = {n} is shorter than the signal ({length} samples)")
    return Spectrum(np.fft.fft(in_.data, n), in_.start, in_.rate)`,
  },
  'op.ifft': {
    name: 'op_ifft',
    needs: ['Signal'],
    source: String.raw`def op_ifft(in_):
    """The real part of the inverse DFT (1/n scaled), placed back at the spectrum's start."""
    return Signal(np.fft.ifft(in_.X).real, in_.start, in_.rate)`,
  },
  'op.fft2d': {
    name: 'op_fft2d',
    needs: ['Spectrum2D', 'next_power_of_two'],
    source: String.raw`def op_fft2d(in_, size, width, height):
    """The 2-D DFT (numpy.fft.fft2) of a one-channel image zero-padded to width x height."""
    channels, h, w = in_.data.shape
    if channels != 1:
        raise ValueError(f"the FFT takes one channel, but the image has {channels}")
    if size == "exact":
        width, height = w, h
    elif size == "pow2":
        width, height = next_power_of_two(w), next_power_of_two(h)
    if width < w or height < h:
        raise ValueError(f"{width}x{height} is smaller than the image ({w}x{h})")
    return Spectrum2D(np.fft.fft2(in_.data[0].astype(np.float64), s=(height, width)), in_.origin)`,
  },
  'op.ifft2d': {
    name: 'op_ifft2d',
    needs: ['Image', 'to_float32'],
    source: String.raw`def op_ifft2d(in_, size, width, height):
    """The real part of the inverse 2-D DFT at the spectrum's origin; custom crops it to
    width x height from the top left, undoing op.fft2d's zero-padding."""
    h, w = in_.X.shape
    if size != "custom":
        width, height = w, h
    if width > w or height > h:
        raise ValueError(f"{width}x{height} is larger than the spectrum ({w}x{h})")
    return Image(to_float32(np.fft.ifft2(in_.X).real[:height, :width])[None], in_.origin)`,
  },
  'op.multiply': {
    name: 'op_multiply',
    needs: ['Signal', 'Spectrum', 'Image', 'Spectrum2D', 'meet_rate', 'to_float32'],
    source: String.raw`def op_multiply(a, b):
    """Pointwise product (complex for spectra); sizes must match. Multiplying spectra adds their
    starts (origins), as convolving the signals would."""
    if isinstance(a, Signal):
        if len(a.data) != len(b.data):
            raise ValueError(f"sizes differ: a has {len(a.data)} samples, b has {len(b.data)}")
        return Signal(a.data * b.data, a.start, meet_rate(a, b))
    if isinstance(a, Spectrum):
        if a.X.shape != b.X.shape:
            raise ValueError(f"sizes differ: a has {len(a.X)} bins, b has {len(b.X)}: pad both FFTs to the same n")
        return Spectrum(a.X * b.X, a.start + b.start, meet_rate(a, b))
    if isinstance(a, Spectrum2D):
        if a.X.shape != b.X.shape:
            raise ValueError(f"sizes differ: a is {a.X.shape[1]}x{a.X.shape[0]}, b is {b.X.shape[1]}x{b.X.shape[0]}")
        return Spectrum2D(a.X * b.X, (a.origin[0] + b.origin[0], a.origin[1] + b.origin[1]))
    if a.data.shape[1:] != b.data.shape[1:] or b.data.shape[0] not in (1, a.data.shape[0]):
        raise ValueError("sizes differ: pad both images to the same size")
    return Image(to_float32(a.data.astype(np.float64) * b.data), a.origin, a.angles)`,
  },
  'op.add': {
    name: 'op_add',
    needs: ['combine'],
    source: String.raw`def op_add(a, b):
    """a + b: signals aligned by index on their union extent (zero-filled); images and spectra must match."""
    return combine(a, b, 1)`,
  },
  'op.subtract': {
    name: 'op_subtract',
    needs: ['combine'],
    source: String.raw`def op_subtract(a, b):
    """a - b: signals aligned by index on their union extent (zero-filled); images and spectra must match."""
    return combine(a, b, -1)`,
  },
  'op.scale': {
    name: 'op_scale',
    needs: ['Signal', 'Spectrum', 'Image', 'Spectrum2D', 'to_float32'],
    source: String.raw`def op_scale(in_, factor):
    """factor * every sample (both parts of every complex bin); positions stay."""
    if isinstance(in_, Signal):
        return Signal(factor * in_.data, in_.start, in_.rate)
    if isinstance(in_, Spectrum):
        return Spectrum(factor * in_.X, in_.start, in_.rate)
    if isinstance(in_, Spectrum2D):
        return Spectrum2D(factor * in_.X, in_.origin)
    return Image(to_float32(factor * in_.data.astype(np.float64)), in_.origin, in_.angles)`,
  },
  'op.flip': {
    name: 'op_flip',
    needs: ['flip'],
    source: String.raw`def op_flip(in_):
    """x[-n]: the start (origin) moves accordingly."""
    return flip(in_)`,
  },
  'op.shift': {
    name: 'op_shift',
    needs: ['Signal', 'Image'],
    source: String.raw`def op_shift(in_, dx, dy, mode):
    """out[n] = in[n - dx] (rows by dy): move relabels positions, wrap rolls the samples inside the
    same extent, zero shifts them inside it and fills with 0."""
    if isinstance(in_, Signal):
        if mode == "move":
            return Signal(in_.data, in_.start + dx, in_.rate)
        n = len(in_.data)
        if mode == "wrap":
            return Signal(np.roll(in_.data, dx), in_.start, in_.rate)
        out = np.zeros(n)
        if abs(dx) < n:
            out[max(dx, 0):n + min(dx, 0)] = in_.data[max(-dx, 0):n - max(dx, 0)]
        return Signal(out, in_.start, in_.rate)
    if mode == "move":
        return Image(in_.data, (in_.origin[0] - dx, in_.origin[1] - dy), in_.angles)
    if mode == "wrap":
        return Image(np.roll(in_.data, (dy, dx), axis=(1, 2)), in_.origin, in_.angles)
    _, height, width = in_.data.shape
    out = np.zeros_like(in_.data)
    if abs(dx) < width and abs(dy) < height:
        out[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] = \
            in_.data[:, max(-dy, 0):height - max(dy, 0), max(-dx, 0):width - max(dx, 0)]
    return Image(out, in_.origin, in_.angles)`,
  },
  'op.pad': {
    name: 'op_pad',
    needs: ['Signal', 'Image', 'next_power_of_two'],
    source: String.raw`def op_pad(in_, to, length, width, height):
    """Zeros after the end (a signal) or to the right and below (an image)."""
    if isinstance(in_, Signal):
        n = len(in_.data)
        length = next_power_of_two(n) if to == "pow2" else length
        if length < n:
            raise ValueError(f"length {length} is shorter than the signal ({n} samples)")
        return Signal(np.concatenate([in_.data, np.zeros(length - n)]), in_.start, in_.rate)
    channels, h, w = in_.data.shape
    if to == "pow2":
        width, height = next_power_of_two(w), next_power_of_two(h)
    if width < w or height < h:
        raise ValueError(f"{width}x{height} is smaller than the image ({w}x{h})")
    out = np.zeros((channels, height, width), dtype=np.float32)
    out[:, :h, :w] = in_.data
    return Image(out, in_.origin, in_.angles)`,
  },
  'op.magnitude': {
    name: 'op_magnitude',
    needs: ['spectral_part'],
    source: String.raw`def op_magnitude(in_, db):
    """|X[k]|, or 20 log10 |X[k]| dB (floored at -300 dB)."""
    return spectral_part(in_, lambda X: 20 * np.log10(np.maximum(np.abs(X), 1e-15)) if db else np.abs(X))`,
  },
  'op.phase': {
    name: 'op_phase',
    needs: ['spectral_part'],
    source: String.raw`def op_phase(in_):
    """atan2(im, re) for every bin."""
    return spectral_part(in_, lambda X: np.arctan2(X.imag, X.real))`,
  },
  'op.power': {
    name: 'op_power',
    needs: ['spectral_part'],
    source: String.raw`def op_power(in_, db):
    """re^2 + im^2, or 10 log10 of it (floored at 1e-30)."""
    return spectral_part(in_, lambda X: 10 * np.log10(np.maximum(X.real ** 2 + X.imag ** 2, 1e-30)) if db else X.real ** 2 + X.imag ** 2)`,
  },
  'op.gray': {
    name: 'op_gray',
    needs: ['Image', 'to_float32'],
    source: String.raw`def op_gray(in_):
    """Rec. 601 luma 0.299 R + 0.587 G + 0.114 B for three channels, the mean otherwise; summed in
    float32 as Convolab does."""
    channels = in_.data.shape[0]
    if channels == 1:
        return in_
    weights = [0.299, 0.587, 0.114] if channels == 3 else [1 / channels] * channels
    out = np.zeros(in_.data.shape[1:], dtype=np.float32)
    for weight, plane in zip(weights, in_.data):
        out = to_float32(out.astype(np.float64) + weight * plane.astype(np.float64))
    return Image(out[None], in_.origin, in_.angles)`,
  },
  'op.channel': {
    name: 'op_channel',
    needs: ['Image'],
    source: String.raw`def op_channel(in_, index):
    """One channel of a multi-channel image."""
    if index >= in_.data.shape[0]:
        raise ValueError(f"index {index} is past the last channel: the image has {in_.data.shape[0]}")
    return Image(in_.data[index:index + 1].copy(), in_.origin, in_.angles)`,
  },
  'op.normalize': {
    name: 'op_normalize',
    needs: ['Signal', 'Image', 'to_float32'],
    source: String.raw`def op_normalize(in_, to):
    """Divided by the sum or the peak |x|, or mapped min..max onto 0..1."""
    x = in_.data.astype(np.float64)
    if to == "sum":
        if np.sum(x) == 0:
            raise ValueError("the samples sum to 0, so they cannot be scaled to sum 1")
        stored = 0.0 if isinstance(in_, Signal) else 2.0 ** -24  # an image's samples were rounded to float32
        if abs(np.sum(x)) <= (stored + x.size * np.finfo(np.float64).eps) * np.sum(np.abs(x)):  # 0 up to rounding
            raise ValueError("the samples sum to 0 up to rounding, so they cannot be scaled to sum 1")
        out = x / np.sum(x)
    elif to == "max":
        if np.max(np.abs(x)) == 0:
            raise ValueError("every sample is 0, so there is no peak to scale to 1")
        out = x / np.max(np.abs(x))
    else:
        span = np.max(x) - np.min(x)
        out = (x - np.min(x)) / span if span > 0 else np.zeros_like(x)
    if isinstance(in_, Signal):
        return Signal(out, in_.start, in_.rate)
    return Image(to_float32(out), in_.origin, in_.angles)`,
  },
  'op.relu': {
    name: 'op_relu',
    needs: ['Signal', 'Image'],
    source: String.raw`def op_relu(in_):
    """max(0, x) sample by sample."""
    if isinstance(in_, Signal):
        return Signal(np.where(in_.data > 0, in_.data, 0.0), in_.start, in_.rate)
    return Image(np.where(in_.data > 0, in_.data, np.float32(0)), in_.origin, in_.angles)`,
  },
  'op.abs': {
    name: 'op_abs',
    needs: ['Signal', 'Image'],
    source: String.raw`def op_abs(in_):
    """|x| sample by sample."""
    if isinstance(in_, Signal):
        return Signal(np.abs(in_.data), in_.start, in_.rate)
    return Image(np.abs(in_.data), in_.origin, in_.angles)`,
  },
  'op.maxpool': {
    name: 'op_maxpool',
    needs: ['Image'],
    source: String.raw`def op_maxpool(in_, size):
    """The max of each size x size block per channel; a ragged edge that fills no block is dropped."""
    channels, height, width = in_.data.shape
    h, w = height // size, width // size
    if h == 0 or w == 0:
        raise ValueError(f"the image ({width}x{height}) is smaller than one {size}x{size} block")
    blocks = in_.data[:, :h * size, :w * size].reshape(channels, h, size, w, size)
    return Image(blocks.max(axis=(2, 4)), (in_.origin[0] // size, in_.origin[1] // size))`,
  },
  'op.convBank': {
    name: 'op_conv_bank',
    needs: ['Image', 'convolve_plane', 'gaussian_noise', 'to_float32'],
    source: String.raw`def op_conv_bank(in_, bank, count, size, seed, stride, activation):
    """A CNN layer: out[k] = act(sum_c correlate(in[c], w[k][c])), same size, zero boundary, then
    every stride-th pixel. edges = Sobel x, Sobel y, Laplacian, 3x3 Gaussian (each averaged over
    the input channels); random = count kernels from N(0, 2 / fan-in) (He), seeded."""
    channels, height, width = in_.data.shape
    if bank == "edges":
        g = [math.exp(-(i * i) / 2) for i in (-1, 0, 1)]
        g = np.array([w / sum(g) for w in g])
        planes = [[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
                  [[0, -1, 0], [-1, 4, -1], [0, -1, 0]], np.outer(g, g)]
        kernels = [np.repeat(np.asarray(p, dtype=np.float64)[None] / channels, channels, axis=0) for p in planes]
        size = 3
    else:
        scale = math.sqrt(2 / (size * size * channels))
        weights = gaussian_noise(seed, count * channels * size * size) * scale
        kernels = list(weights.reshape(count, channels, size, size))
    maps = []
    for kernel in kernels:
        total = np.zeros((height, width))
        for c in range(channels):
            # correlate = convolve with the kernel turned 180 degrees about its centre floor(size/2)
            flipped = kernel[c][::-1, ::-1]
            origin = (size - 1 - size // 2, size - 1 - size // 2)
            total += to_float32(convolve_plane(in_.data[c], flipped, origin, "same", "zero")[0])
        if activation == "relu":
            total = np.where(total < 0, 0.0, total)
        maps.append(to_float32(total[::stride, ::stride]))
    return Image(np.stack(maps))`,
  },
  'op.radon': {
    name: 'op_radon',
    needs: ['Image', 'projection_angles', 'to_float32'],
    source: String.raw`def op_radon(in_, angles, detectors):
    """Parallel-beam projection about the image centre: p(s) = sum over t of f(s cos - t sin,
    s sin + t cos), one pixel steps, bilinear sampling, y up; one row per view over [0, 180)."""
    channels, height, width = in_.data.shape
    if channels != 1:
        raise ValueError(f"the projection takes one channel, but the image has {channels}")
    detectors = detectors or math.ceil(math.hypot(width, height))
    theta = projection_angles(angles)
    cx, cy, cd = (width - 1) / 2, (height - 1) / 2, (detectors - 1) / 2
    reach = math.ceil(math.hypot(width, height) / 2) + 1
    padded = np.zeros((height + 2, width + 2))  # a border of zeros: samples off the image read 0
    padded[1:-1, 1:-1] = in_.data[0]
    sd = (np.arange(detectors) - cd)[:, None]
    t = np.arange(-reach, reach + 1)[None, :]
    sinogram = np.zeros((angles, detectors))
    for view, degrees in enumerate(theta):
        c, s = math.cos(degrees * math.pi / 180), math.sin(degrees * math.pi / 180)
        col = cx + sd * c - t * s
        row = cy - (sd * s + t * c)
        outside = (col <= -1) | (row <= -1) | (col >= width) | (row >= height)
        col, row = np.where(outside, -1, col), np.where(outside, -1, row)
        x0, y0 = np.floor(col), np.floor(row)
        fx, fy = col - x0, row - y0
        i, j = x0.astype(int) + 1, y0.astype(int) + 1
        v = ((1 - fx) * (1 - fy) * padded[j, i] + fx * (1 - fy) * padded[j, i + 1]
             + (1 - fx) * fy * padded[j + 1, i] + fx * fy * padded[j + 1, i + 1])
        sinogram[view] = np.sum(np.where(outside, 0.0, v), axis=1)
    return Image(to_float32(sinogram)[None], (0, 0), theta)`,
  },
  'op.rampFilter': {
    name: 'op_ramp_filter',
    needs: ['Image', 'ramp_tap', 'ramp_window', 'next_power_of_two', 'to_float32'],
    source: String.raw`def op_ramp_filter(in_, window, pad):
    """Each sinogram row through FFT, times H = 2 Re DFT(h) * window (h the spatial ramp placed
    circularly), inverse FFT; rows zero-padded to a power of two >= 2 detectors (>= 64) when pad."""
    channels, views, detectors = in_.data.shape
    if channels != 1:
        raise ValueError(f"a sinogram has one channel, but this image has {channels}")
    n = max(64, next_power_of_two(2 * detectors)) if pad else detectors
    k = np.arange(n)
    h = ramp_tap(np.where(k <= n / 2, k, k - n))
    m = np.arange(n // 2 + 1)
    H = 2 * np.fft.rfft(h).real * ramp_window(window, m / n)
    rows = np.fft.irfft(np.fft.rfft(in_.data[0].astype(np.float64), n, axis=1) * H, n, axis=1)
    return Image(to_float32(rows[:, :detectors])[None], in_.origin, in_.angles)`,
  },
  'op.backproject': {
    name: 'op_backproject',
    needs: ['Image', 'projection_angles', 'to_float32'],
    source: String.raw`def op_backproject(in_, size):
    """f(x, y) = pi / (2 views) * sum over views of q(x cos + y sin), linear between detector bins,
    on a size x size image about its centre (size 0: floor(detectors / sqrt 2))."""
    sinogram = in_.data[0].astype(np.float64)
    views, detectors = sinogram.shape
    size = size or max(1, math.floor(detectors / math.sqrt(2)))
    theta = in_.angles if in_.angles is not None else projection_angles(views)
    c, cd = (size - 1) / 2, (detectors - 1) / 2
    y = (c - np.arange(size))[:, None]
    total = np.zeros((size, size))
    for view, degrees in enumerate(theta):
        ct, st = math.cos(degrees * math.pi / 180), math.sin(degrees * math.pi / 180)
        # s = x cos + y sin, walked along each row by adding cos, as Convolab does
        steps = np.concatenate([(0 - c) * ct + y * st + cd, np.full((size, size - 1), ct)], axis=1)
        pos = np.cumsum(steps, axis=1)
        d0 = np.floor(pos).astype(int)
        f = pos - d0
        inside = (d0 >= 0) & (d0 + 1 < detectors)
        last = (d0 == detectors - 1) & (pos == d0)
        q = sinogram[view]
        lo, hi = np.clip(d0, 0, detectors - 1), np.clip(d0 + 1, 0, detectors - 1)
        total += np.where(inside, q[lo] * (1 - f) + q[hi] * f, np.where(last, q[lo], 0.0))
    return Image(to_float32(total * (math.pi / (2 * views)))[None])`,
  },
  'op.compare': {
    name: 'op_compare',
    needs: ['Signal', 'Spectrum', 'Image', 'Spectrum2D', 'meet_rate', 'align_signals', 'align_images', 'compare_errors'],
    source: String.raw`def op_compare(a, b, tolerance):
    """Lines a and b up by start/origin (records by field name; missing samples are 0) and
    measures how far apart they are."""
    if isinstance(a, Signal):
        meet_rate(a, b)
        _, x, y = align_signals(a, b)
    elif isinstance(a, Image):
        if a.data.shape[0] != b.data.shape[0]:
            raise ValueError("compare images with the same channels")
        x, y = align_images(a, b)
    elif isinstance(a, (Spectrum, Spectrum2D)):
        if isinstance(a, Spectrum):
            meet_rate(a, b)
        if a.X.size != b.X.size:
            raise ValueError("sizes differ: take both FFTs with the same size")
        x, y = a.X, b.X
    else:
        names = list(dict.fromkeys([*a, *b]))
        x, y = [a.get(name, 0.0) for name in names], [b.get(name, 0.0) for name in names]
    return compare_errors(x, y, tolerance)`,
  },
  'op.sample': {
    name: 'op_sample',
    needs: [],
    source: String.raw`def op_sample(in_, index):
    """{value: x[index]} in the signal's own coordinates; 0 outside the data."""
    k = index - in_.start
    return {"value": float(in_.data[k]) if 0 <= k < len(in_.data) else 0.0}`,
  },
  'op.stats': {
    name: 'op_stats',
    needs: ['Spectrum', 'Spectrum2D'],
    source: String.raw`def op_stats(in_):
    """sum, mean, min, max and energy = sum |x|^2; for a spectrum, of |X[k]|, energy divided by n
    (so by Parseval a signal and its spectrum show the same energy)."""
    if isinstance(in_, (Spectrum, Spectrum2D)):
        x = np.abs(in_.X).ravel()
        energy = float(np.sum(in_.X.real ** 2 + in_.X.imag ** 2)) / max(1, x.size)
    else:
        x = in_.data.astype(np.float64).ravel()
        energy = float(np.sum(x * x))
    if x.size == 0:
        return {"sum": 0.0, "mean": 0.0, "min": 0.0, "max": 0.0, "energy": energy}
    return {"sum": float(np.sum(x)), "mean": float(np.sum(x)) / x.size, "min": float(np.min(x)), "max": float(np.max(x)), "energy": energy}`,
  },
};
