/**
 * The Python of the source and kernel node types (python-nodes.ts explains the contract): each a
 * port of its compute in src-shared/nodes/, seeds and float32 pixels included.
 */
import { expressionToPython } from './python-expression';
import type { PythonNodeFunction } from './python-nodes';

const kernelDims3 = (params: Readonly<Record<string, unknown>>): string | undefined =>
  params.dims === 3 ? 'a 3-D kernel makes a volume, and volumes are not exported to Python yet' : undefined;

export const PYTHON_SOURCES: Readonly<Record<string, PythonNodeFunction>> = {
  'source.dice': {
    name: 'source_dice',
    needs: ['Signal'],
    source: String.raw`def source_dice(faces, weights):
    """The PMF of one die, starting at index 1: 1/faces each, or the weights normalised to sum 1."""
    if weights is None:
        return Signal(np.full(faces, 1 / faces), 1, 1.0)
    return Signal(np.array(weights, dtype=np.float64) / sum(weights), 1, 1.0)`,
  },
  'source.sequence': {
    name: 'source_sequence',
    needs: ['Signal'],
    source: String.raw`def source_sequence(values, start, rate):
    """x[start + k] = values[k]."""
    return Signal(np.array(values, dtype=np.float64), start, rate)`,
  },
  'source.function': {
    name: 'source_function',
    needs: ['Signal', 'js_round', 'gaussian_noise'],
    unsupported: (params) => {
      if (params.shape !== 'expression') return undefined;
      const translated = expressionToPython(String(params.expression));
      return translated.ok ? undefined : `expression: ${translated.error}`;
    },
    code: (params): Record<string, string> => {
      const translated = params.shape === 'expression' ? expressionToPython(String(params.expression)) : undefined;
      return translated?.ok ? { expression: translated.code } : {};
    },
    source: String.raw`def source_function(shape, expression, t0, t1, rate, amplitude, width, frequency, sigma, seed):
    """amplitude * f(t) sampled at t = (start + k) / rate over [t0, t1], start = round(t0 * rate).
    With shape expression, the expression param is that expression as a function of t."""
    start, end = js_round(t0 * rate), js_round(t1 * rate)
    n = end - start + 1
    t = (start + np.arange(n)) / rate
    with np.errstate(all="ignore"):
        if shape == "rect":  # amplitude/2 on the edges |t| = width/2
            edge = np.abs(t) - width / 2
            f = np.where(np.abs(edge) < 1e-9 * max(1, width), 0.5, np.where(edge < 0, 1.0, 0.0))
        elif shape == "triangle":
            f = np.maximum(0, 1 - np.abs(t) / width)
        elif shape == "gaussian":
            f = np.exp(-(t * t) / (2 * sigma * sigma))
        elif shape == "exponential":
            f = np.where(t >= 0, np.exp(-np.maximum(t, 0) / width), 0.0)
        elif shape == "sine":
            f = np.sin(2 * np.pi * frequency * t)
        elif shape == "cosine":
            f = np.cos(2 * np.pi * frequency * t)
        elif shape == "step":
            f = np.where(t >= 0, 1.0, 0.0)
        elif shape == "chirp":  # 0 Hz at t0 rising linearly to frequency at t1
            f = np.sin((np.pi * frequency * (t - t0) * (t - t0)) / (t1 - t0))
        elif shape == "noise":  # seeded Gaussian white noise
            f = gaussian_noise(seed, n)
        elif shape == "expression":
            f = np.broadcast_to(expression(t), t.shape).astype(np.float64)
        else:  # impulse
            f = np.zeros(n)
    data = amplitude * f
    if shape == "impulse" and start <= 0 <= end:
        data[-start] = amplitude
    return Signal(data, start, rate)`,
  },
  'source.testSound': {
    name: 'source_test_sound',
    needs: ['Signal', 'js_round', 'mulberry32'],
    source: String.raw`def source_test_sound(kind, duration, rate):
    """A click train, a Karplus-Strong pluck at 220 Hz, a 50 ms noise burst or a 20 Hz - 20 kHz
    sweep; peak 0.5, noise from mulberry32 seeded 1."""
    n = max(1, js_round(duration * rate))
    data = np.zeros(n)
    if kind == "click-train":
        data[::js_round(rate / 4)] = 0.5
    elif kind == "pluck":
        period = max(2, js_round(rate / 220))
        first = min(period, n)
        data[:first] = mulberry32(1, first) - 0.5
        # data[k] = 0.498 (data[k - period] + data[k - period + 1]): a block of period - 1
        # samples reads only samples before it, so numpy computes it at once.
        for k in range(period, n, period - 1):
            m = min(period - 1, n - k)
            data[k:k + m] = 0.996 * 0.5 * (data[k - period:k - period + m] + data[k - period + 1:k - period + 1 + m])
    elif kind == "noise-burst":
        length = min(n, js_round(0.05 * rate))
        data[:length] = mulberry32(1, length) - 0.5
    else:  # sweep: exponential, phase 2 pi f0 T / ln(f1/f0) (e^(t ln(f1/f0) / T) - 1)
        f0, f1 = 20, min(20000, rate / 2)
        span, ratio = n / rate, math.log(f1 / f0)
        t = np.arange(n) / rate
        data = 0.5 * np.sin(((2 * np.pi * f0 * span) / ratio) * (np.exp((t * ratio) / span) - 1))
    return Signal(data, 0, rate)`,
  },
  'source.testImage': {
    name: 'source_test_image',
    needs: ['Image', 'to_float32', 'mulberry32'],
    source: String.raw`def source_test_image(pattern, size, seed):
    """A size x size test image with values in [0, 1]."""
    y, x = np.mgrid[0:size, 0:size]
    if pattern == "phantom":  # modified Shepp-Logan: (A, a, b, x0, y0, phi degrees) per ellipse
        ellipses = [(1, 0.69, 0.92, 0, 0, 0), (-0.8, 0.6624, 0.874, 0, -0.0184, 0),
                    (-0.2, 0.11, 0.31, 0.22, 0, -18), (-0.2, 0.16, 0.41, -0.22, 0, 18),
                    (0.1, 0.21, 0.25, 0, 0.35, 0), (0.1, 0.046, 0.046, 0, 0.1, 0),
                    (0.1, 0.046, 0.046, 0, -0.1, 0), (0.1, 0.046, 0.023, -0.08, -0.605, 0),
                    (0.1, 0.023, 0.023, 0, -0.606, 0), (0.1, 0.023, 0.046, 0.06, -0.605, 0)]
        half = (size - 1) / 2
        u, v = (x - half) / half, (half - y) / half  # -1..1 across the image, v up
        image = np.zeros((size, size))
        for intensity, a, b, x0, y0, phi in ellipses:
            c, s = math.cos(phi * math.pi / 180), math.sin(phi * math.pi / 180)
            dx, dy = u - x0, v - y0
            inside = ((dx * c + dy * s) / a) ** 2 + ((-dx * s + dy * c) / b) ** 2 <= 1
            image = image + np.where(inside, intensity, 0.0)
        image = np.clip(image, 0, 1)
    elif pattern == "checkerboard":
        tile = max(1, size // 8)
        image = (x // tile + y // tile) % 2
    elif pattern == "disk":
        centre = (size - 1) / 2
        image = (x - centre) ** 2 + (y - centre) ** 2 <= (size / 4) ** 2
    elif pattern == "bars":
        image = (x // max(1, size // 16)) % 2
    elif pattern == "gradient":
        image = x / (size - 1)
    elif pattern == "noise":
        image = mulberry32(seed, size * size).reshape(size, size)
    else:  # impulse
        image = np.zeros((size, size))
        image[size // 2, size // 2] = 1
    return Image(to_float32(image)[None])`,
  },
  'source.audio': {
    name: 'source_audio',
    needs: ['Signal', 'in_folder'],
    source: String.raw`def source_audio(path, channel):
    """A WAV file at its own rate: integer PCM scaled by 1/2^(bits-1) (8-bit is unsigned, 128 the
    zero), float as it is; mix averages the channels. A relative path is read from FOLDER."""
    rate, samples = scipy.io.wavfile.read(in_folder(path))
    if samples.dtype == np.uint8:
        x = (samples.astype(np.float64) - 128) / 128
    elif samples.dtype.kind == "i":  # 24-bit comes left-justified in int32: still / 2^31
        x = samples.astype(np.float64) / 2.0 ** (8 * samples.dtype.itemsize - 1)
    else:
        x = samples.astype(np.float64)
    x = x.reshape(len(x), -1)  # frames x channels
    if channel == "left":
        return Signal(x[:, 0].copy(), 0, float(rate))
    if channel == "right":
        if x.shape[1] < 2:
            raise ValueError(f"{path} is mono, so it has no right channel: use channel mix or left")
        return Signal(x[:, 1].copy(), 0, float(rate))
    data = np.zeros(len(x))
    for c in range(x.shape[1]):
        data = data + x[:, c] / x.shape[1]
    return Signal(data, 0, float(rate))`,
  },
  'source.image': {
    name: 'source_image',
    needs: ['Image', 'read_png', 'to_float32', 'in_folder'],
    unsupported: (params) =>
      /\.jpe?g$/i.test(String(params.path)) ? 'reading JPEG needs an image library beyond numpy and scipy, so it is not ported' : undefined,
    source: String.raw`def source_image(path, mode):
    """A PNG scaled to [0, 1] (8-bit / 255, 16-bit / 65535, 1/2/4-bit / (2^bits - 1)); gray gives
    luma 0.299 R + 0.587 G + 0.114 B of a colour file, rgb three channels; alpha is ignored.
    A relative path is read from FOLDER."""
    samples, largest, palette = read_png(in_folder(path).read_bytes())
    if palette is not None:  # indices through the palette: 8-bit colours
        samples, largest = palette[samples[..., 0]].astype(np.int64), 255
    scale = 1 / largest
    colour = samples.shape[2] >= 3
    if mode == "gray":
        if colour:
            image = (0.299 * samples[..., 0] + 0.587 * samples[..., 1] + 0.114 * samples[..., 2]) * scale
        else:
            image = samples[..., 0] * scale
        return Image(to_float32(image)[None])
    planes = [samples[..., c if colour else 0] * scale for c in range(3)]
    return Image(to_float32(np.stack(planes)))`,
  },
  'kernel.gaussian': {
    name: 'kernel_gaussian',
    needs: ['Signal', 'Image', 'to_float32'],
    unsupported: kernelDims3,
    source: String.raw`def kernel_gaussian(dims, sigma, radius, normalize):
    """g[i] = exp(-i^2 / 2 sigma^2) for i = -r..r (r = radius, or ceil(3 sigma) when 0), normalised to
    sum 1; the 2-D kernel is the outer product of two 1-D ones, centred on its origin."""
    r = radius if radius > 0 else math.ceil(3 * sigma)
    weights = [math.exp(-(i * i) / (2 * sigma * sigma)) for i in range(-r, r + 1)]
    if normalize:
        total = sum(weights)
        weights = [w / total for w in weights]
    g = np.array(weights)
    if dims == 1:
        return Signal(g, -r, None)
    return Image(to_float32(np.outer(g, g))[None], (r, r))`,
  },
  'kernel.box': {
    name: 'kernel_box',
    needs: ['Signal', 'Image', 'to_float32'],
    unsupported: kernelDims3,
    source: String.raw`def kernel_box(dims, size):
    """size samples of 1/size (or size x size pixels of 1/size^2), origin at floor(size/2)."""
    if dims == 1:
        return Signal(np.full(size, 1 / size), -(size // 2), None)
    return Image(to_float32(np.full((1, size, size), 1 / (size * size))), (size // 2, size // 2))`,
  },
  'kernel.identity': {
    name: 'kernel_identity',
    needs: ['Signal', 'Image', 'to_float32'],
    unsupported: kernelDims3,
    source: String.raw`def kernel_identity(dims, size):
    """The discrete delta: 1 at offset 0 (index floor(size/2)), 0 elsewhere."""
    c = size // 2
    if dims == 1:
        data = np.zeros(size)
        data[c] = 1
        return Signal(data, -c, None)
    data = np.zeros((1, size, size))
    data[0, c, c] = 1
    return Image(to_float32(data), (c, c))`,
  },
  'kernel.laplacian': {
    name: 'kernel_laplacian',
    needs: ['Image', 'to_float32'],
    source: String.raw`def kernel_laplacian(variant):
    """The negative discrete Laplacian, 3x3, origin at the centre."""
    rows = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]] if variant == 8 else [[0, -1, 0], [-1, 4, -1], [0, -1, 0]]
    return Image(to_float32([rows]), (1, 1))`,
  },
  'kernel.sobel': {
    name: 'kernel_sobel',
    needs: ['Image', 'to_float32'],
    source: String.raw`def kernel_sobel(direction):
    """Sobel x = [[-1,0,1],[-2,0,2],[-1,0,1]] (rows top to bottom); y is its transpose."""
    rows = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    return Image(to_float32([np.transpose(rows) if direction == "y" else rows]), (1, 1))`,
  },
  'kernel.sharpen': {
    name: 'kernel_sharpen',
    needs: ['Image', 'to_float32'],
    source: String.raw`def kernel_sharpen(amount):
    """identity + amount * Laplacian(4)."""
    a = amount
    return Image(to_float32([[[0, -a, 0], [-a, 1 + 4 * a, -a], [0, -a, 0]]]), (1, 1))`,
  },
  'kernel.ramp': {
    name: 'kernel_ramp',
    needs: ['Signal', 'ramp_tap', 'ramp_window'],
    source: String.raw`def kernel_ramp(size, window):
    """The spatial ramp filter of odd size, centred; a window other than ram-lak is applied to its
    size-point DFT (offset k placed at index k mod size)."""
    half = (size - 1) // 2
    k = np.arange(-half, half + 1)
    if window == "ram-lak":
        return Signal(ramp_tap(k).astype(np.float64), -half, 1.0)
    circular = np.zeros(size)
    circular[k % size] = ramp_tap(k)
    m = np.arange(size)
    H = np.fft.fft(circular) * ramp_window(window, np.where(m <= half, m, m - size) / size)
    return Signal(np.fft.ifft(H).real[k % size], -half, 1.0)`,
  },
  'kernel.custom': {
    name: 'kernel_custom',
    needs: ['Signal', 'Image', 'to_float32'],
    unsupported: kernelDims3,
    source: String.raw`def kernel_custom(dims, values, origin):
    """A kernel typed in by hand: a list (1-D) or rows (2-D); origin says which entry sits at
    offset 0 ([x] or [x, y]), the centre floor(size/2) by default."""
    rows = np.array(values, dtype=np.float64)
    if rows.ndim == 1:
        rows = rows[None]
    origin = list(origin or [])
    if dims == 1:
        data = rows.ravel()
        return Signal(data, -(origin[0] if origin else len(data) // 2), None)
    height, width = rows.shape
    ox = origin[0] if len(origin) > 0 else width // 2
    oy = origin[1] if len(origin) > 1 else height // 2
    return Image(to_float32(rows[None]), (ox, oy))`,
  },
};
