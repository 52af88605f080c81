/**
 * The Python the exported script shares between node functions: the values on the wires
 * (NODES.md's data types as small classes), Convolab's seeded generator, and the alignment and
 * convolution rules several nodes use. Each helper names the helpers it calls, so a script holds
 * only what its nodes need, in the order below (callees before callers is not needed in Python,
 * but it reads better).
 */

export interface PythonHelper {
  readonly source: string;
  readonly needs: readonly string[];
}

export const PYTHON_HELPERS: Readonly<Record<string, PythonHelper>> = {
  Signal: {
    needs: [],
    source: String.raw`@dataclass
class Signal:
    """Real samples: data[k] sits at index start + k, time (start + k) / rate.
    A kernel's samples are counted, not timed: rate None, and it takes the rate of what it meets."""
    data: np.ndarray  # float64
    start: int
    rate: Optional[float]`,
  },
  Spectrum: {
    needs: [],
    source: String.raw`@dataclass
class Spectrum:
    """A complex DFT: bin k is frequency k * rate / n; start is the transformed signal's first index."""
    X: np.ndarray  # complex128
    start: int
    rate: Optional[float]`,
  },
  Image: {
    needs: [],
    source: String.raw`@dataclass
class Image:
    """Pixels as Convolab keeps them: float32, (channels, height, width), rows top to bottom.
    The pixel in column x, row y sits at coordinate (x - origin[0], y - origin[1])."""
    data: np.ndarray  # float32
    origin: Tuple[int, int] = (0, 0)
    angles: Optional[np.ndarray] = None  # a sinogram's view angles in degrees, one per row`,
  },
  Spectrum2D: {
    needs: [],
    source: String.raw`@dataclass
class Spectrum2D:
    """A complex 2-D DFT, (height, width), with the origin of the image it came from."""
    X: np.ndarray  # complex128
    origin: Tuple[int, int] = (0, 0)`,
  },
  to_float32: {
    needs: [],
    source: String.raw`def to_float32(data):
    """Convolab computes in float64 and stores image pixels as float32: round where it does."""
    return np.asarray(data, dtype=np.float64).astype(np.float32)`,
  },
  js_round: {
    needs: [],
    source: String.raw`def js_round(x):
    """JavaScript's Math.round: halves round up (2.5 -> 3, -2.5 -> -2), unlike Python's round."""
    floor = math.floor(x)
    return int(floor) if x - floor < 0.5 else int(floor) + 1`,
  },
  next_power_of_two: {
    needs: [],
    source: String.raw`def next_power_of_two(n):
    p = 1
    while p < n:
        p *= 2
    return p`,
  },
  mulberry32: {
    needs: [],
    source: String.raw`def mulberry32(seed, count):
    """The first count numbers in [0, 1) of Convolab's seeded generator (mulberry32, public
    domain). Each draw depends only on seed + (k + 1) * 0x6D2B79F5, so numpy computes them at once."""
    k = np.arange(1, count + 1, dtype=np.uint64)
    t = ((np.uint64(seed) + k * np.uint64(0x6D2B79F5)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))  # uint32 products wrap as Math.imul does
    t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))
    return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0`,
  },
  gaussian_noise: {
    needs: ['mulberry32'],
    source: String.raw`def gaussian_noise(seed, count):
    """Standard normal deviates by Box-Muller over mulberry32, one pair of draws per deviate."""
    draws = mulberry32(seed, 2 * count)
    u = 1 - draws[0::2]
    v = draws[1::2]
    return np.sqrt(-2 * np.log(u)) * np.cos(2 * np.pi * v)`,
  },
  meet_rate: {
    needs: [],
    source: String.raw`def meet_rate(a, b):
    """Where two signals (or spectra) meet: a kernel (rate None) takes the other's rate."""
    if a.rate is None:
        return b.rate
    if b.rate is not None and a.rate != b.rate:
        raise ValueError(f"a and b have different sample rates ({a.rate} and {b.rate})")
    return a.rate`,
  },
  flip: {
    needs: ['Signal', 'Image'],
    source: String.raw`def flip(value):
    """x[-n]: a signal's start becomes -(start + n - 1); an image turns 180 degrees about its origin."""
    if isinstance(value, Signal):
        return Signal(value.data[::-1].copy(), -(value.start + len(value.data) - 1), value.rate)
    _, height, width = value.data.shape
    return Image(value.data[:, ::-1, ::-1].copy(), (width - 1 - value.origin[0], height - 1 - value.origin[1]))`,
  },
  align_signals: {
    needs: [],
    source: String.raw`def align_signals(a, b):
    """Both signals on their union extent, zero-filled, so element i of both sits at index start + i."""
    start = min(a.start, b.start)
    end = max(a.start + len(a.data), b.start + len(b.data))
    x = np.zeros(end - start)
    y = np.zeros(end - start)
    x[a.start - start:a.start - start + len(a.data)] = a.data
    y[b.start - start:b.start - start + len(b.data)] = b.data
    return start, x, y`,
  },
  align_images: {
    needs: [],
    source: String.raw`def align_images(a, b):
    """Both images on the union of their extents in coordinate space, zero-filled (float64)."""
    (channels, ha, wa), (_, hb, wb) = a.data.shape, b.data.shape
    left = min(-a.origin[0], -b.origin[0])
    top = min(-a.origin[1], -b.origin[1])
    right = max(wa - a.origin[0], wb - b.origin[0])
    bottom = max(ha - a.origin[1], hb - b.origin[1])

    def place(image, height, width):
        out = np.zeros((channels, bottom - top, right - left))
        dx, dy = -image.origin[0] - left, -image.origin[1] - top
        out[:, dy:dy + height, dx:dx + width] = image.data
        return out

    return place(a, ha, wa), place(b, hb, wb)`,
  },
  take_window: {
    needs: [],
    source: String.raw`def take_window(full, lo, length):
    """full[lo:lo + length], with zeros where the window reaches past either end."""
    out = np.zeros(length)
    first, last = max(lo, 0), min(lo + length, len(full))
    if last > first:
        out[first - lo:last - lo] = full[first:last]
    return out`,
  },
  convolve_signals: {
    needs: ['Signal', 'meet_rate', 'take_window'],
    source: String.raw`def convolve_signals(a, b, mode, integral):
    """(a * b)[n] = sum_k a[k] b[n - k]. full starts at a.start + b.start; same keeps a's extent,
    aligned by b's start (not its size); valid keeps the positions where b lies wholly inside a."""
    rate = meet_rate(a, b)
    na, nb = len(a.data), len(b.data)
    if mode == "valid" and nb > na:
        raise ValueError(f"b ({nb} samples) is longer than a ({na}), so valid keeps nothing")
    full = scipy.signal.convolve(a.data, b.data, mode="full")
    if mode == "full":
        out, start = full, a.start + b.start
    elif mode == "same":
        out, start = take_window(full, -b.start, na), a.start
    else:
        out, start = full[nb - 1:na], a.start + b.start + nb - 1
    if integral:
        out = out / (rate if rate is not None else 1)
    return Signal(out, start, rate)`,
  },
  boundary_index: {
    needs: [],
    source: String.raw`def boundary_index(i, n, boundary):
    """The input index scipy.ndimage's mode reads for index i of an n-long axis; -1 for a zero."""
    inside = (i >= 0) & (i < n)
    if boundary == "zero":
        return np.where(inside, i, -1)
    if boundary == "nearest":
        return np.clip(i, 0, n - 1)
    if boundary == "wrap":
        return np.mod(i, n)
    r = np.mod(i, 2 * n)  # reflect: d c b a | a b c d | d c b a
    return np.where(r < n, r, 2 * n - 1 - r)`,
  },
  convolve_plane: {
    needs: ['boundary_index'],
    source: String.raw`def convolve_plane(plane, kernel, origin, mode, boundary):
    """One channel convolved with a kernel whose pixel origin sits at offset 0; returns the float64
    result and the input pixel its first output pixel sits on. The image is extended by the
    boundary rule over exactly the pixels the kernel reaches, then convolved with scipy's 'valid'."""
    height, width = plane.shape
    kh, kw = kernel.shape
    ox, oy = origin
    if mode == "full":
        size, offset = (height + kh - 1, width + kw - 1), (-oy, -ox)
    elif mode == "same":
        size, offset = (height, width), (0, 0)
    else:
        size, offset = (max(0, height - kh + 1), max(0, width - kw + 1)), (kh - 1 - oy, kw - 1 - ox)
    if size[0] == 0 or size[1] == 0:
        raise ValueError(f"the kernel ({kw}x{kh}) is larger than the image ({width}x{height}), so valid keeps nothing")
    rows = boundary_index(np.arange(offset[0] + oy - kh + 1, offset[0] + oy + size[0]), height, boundary)
    cols = boundary_index(np.arange(offset[1] + ox - kw + 1, offset[1] + ox + size[1]), width, boundary)
    padded = np.vstack([plane.astype(np.float64), np.zeros((1, width))])
    padded = np.hstack([padded, np.zeros((height + 1, 1))])  # index -1 reads this zero row/column
    extended = padded[np.ix_(rows, cols)]
    return scipy.signal.convolve(extended, kernel.astype(np.float64), mode="valid"), offset`,
  },
  convolve_images: {
    needs: ['Image', 'convolve_plane', 'to_float32', 'js_round'],
    source: String.raw`def convolve_images(a, b, mode, boundary, stride):
    """Every channel of a convolved with the one-channel kernel b, then every stride-th pixel."""
    if b.data.shape[0] != 1:
        raise ValueError(f"the kernel b has {b.data.shape[0]} channels: use a one-channel kernel")
    planes = []
    for plane in a.data:
        out, (offset_y, offset_x) = convolve_plane(plane, b.data[0], b.origin, mode, boundary)
        planes.append(to_float32(out)[::stride, ::stride])
    if stride == 1:  # exact: a plane of a volume keeps its half-pixel centre
        origin = (a.origin[0] - offset_x, a.origin[1] - offset_y)
    else:
        origin = (js_round((a.origin[0] - offset_x) / stride), js_round((a.origin[1] - offset_y) / stride))
    return Image(np.stack(planes), origin)`,
  },
  ramp_tap: {
    needs: [],
    source: String.raw`def ramp_tap(k):
    """The unwindowed spatial ramp filter: 1/4 at 0, -1/(pi k)^2 at odd k, 0 at even k."""
    k = np.asarray(k)
    safe = np.where(k == 0, 1, k)
    return np.where(k == 0, 0.25, np.where(k % 2 == 0, 0.0, -1 / (np.pi * safe) ** 2))`,
  },
  ramp_window: {
    needs: [],
    source: String.raw`def ramp_window(window, f):
    """The ramp filter's window at normalised frequency f (cycles per sample, |f| <= 1/2)."""
    f = np.asarray(f, dtype=np.float64)
    if window == "ram-lak":
        return np.ones_like(f)
    if window == "shepp-logan":
        safe = np.where(f == 0, 1, f)
        return np.where(f == 0, 1.0, np.sin(np.pi * safe) / (np.pi * safe))
    if window == "cosine":
        return np.cos(np.pi * f)
    if window == "hamming":
        return 0.54 + 0.46 * np.cos(2 * np.pi * f)
    return 0.5 + 0.5 * np.cos(2 * np.pi * f)  # hann`,
  },
  projection_angles: {
    needs: [],
    source: String.raw`def projection_angles(views):
    """Views equally spaced over [0, 180) degrees."""
    return 180 * np.arange(views) / views`,
  },
  in_folder: {
    needs: [],
    source: String.raw`def in_folder(path):
    """A file param's path as Convolab reads it: a relative one from FOLDER, the graph's folder when
    the script sits beside the graph. A file not there is one line saying where it looked."""
    full = FOLDER / path
    if not full.is_file():
        raise FileNotFoundError(f"{path}: no such file in {FOLDER}: keep this script beside the graph, "
                                "or give the graph's folder with --folder DIR")
    return full`,
  },
  read_png: {
    needs: [],
    source: String.raw`def read_png(data):
    """A PNG's samples as (height, width, channels) integers, the largest value a sample can take,
    and its palette (or None). zlib is in Python's standard library; JPEG would need more."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise NotImplementedError("not a PNG: reading JPEG needs an image library beyond numpy and scipy")
    at, idat, palette = 8, [], None
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        at += 12 + length
    if interlace:
        raise NotImplementedError("an interlaced PNG is not read here: save it without interlacing")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    stride = (width * channels * depth + 7) // 8
    step = max(1, channels * depth // 8)  # from a byte to the same byte of the pixel on its left
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(height, stride + 1)
    rows = [[0] * (stride + step)]  # a row of zeros above, and step zeros on the left of each row
    for y in range(height):
        line, up = raw[y, 1:].tolist(), rows[-1]
        out = [0] * step + line
        kind = raw[y, 0]
        for x in range(step, stride + step):  # undo the row's filter (PNG spec, section 9)
            a, b, c = out[x - step], up[x], up[x - step]
            if kind == 1:
                out[x] = (out[x] + a) & 255
            elif kind == 2:
                out[x] = (out[x] + b) & 255
            elif kind == 3:
                out[x] = (out[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                out[x] = (out[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(out)
    data = np.array([row[step:] for row in rows[1:]], dtype=np.uint8)
    if depth == 16:
        samples = (data[:, 0::2].astype(np.int64) << 8) | data[:, 1::2]
    elif depth < 8:
        bits = np.unpackbits(data, axis=1).reshape(height, -1, depth)
        samples = (bits * (1 << np.arange(depth - 1, -1, -1))).sum(axis=2)
    else:
        samples = data.astype(np.int64)
    samples = samples[:, :width * channels].reshape(height, width, channels)
    return samples, 2 ** depth - 1, palette if colour == 3 else None`,
  },
  compare_errors: {
    needs: [],
    source: String.raw`def compare_errors(a, b, tolerance):
    """op.compare's record: maxAbsError = max |a - b|, rmsError, relError = maxAbsError / max |a|
    (the absolute error when a is all 0), match = 1 when relError <= tolerance."""
    d = np.abs(np.asarray(a) - np.asarray(b)).ravel()
    max_abs = float(np.max(d)) if d.size else 0.0
    rms = float(np.sqrt(np.sum(d * d) / d.size)) if d.size else 0.0
    peak = float(np.max(np.abs(a))) if np.size(a) else 0.0
    rel = max_abs / peak if peak > 0 else max_abs
    return {"maxAbsError": max_abs, "rmsError": rms, "relError": rel, "match": 1.0 if rel <= tolerance else 0.0}`,
  },
  combine: {
    needs: ['Signal', 'Spectrum', 'Image', 'Spectrum2D', 'meet_rate', 'align_signals', 'to_float32'],
    source: String.raw`def combine(a, b, sign):
    """a + sign * b: signals aligned by index on their union extent (zero-filled); the rest must match."""
    if isinstance(a, Signal):
        rate = meet_rate(a, b)
        start, x, y = align_signals(a, b)
        return Signal(x + sign * y, start, rate)
    if isinstance(a, (Spectrum, Spectrum2D)):
        if a.X.shape != b.X.shape:
            raise ValueError("sizes differ: take both FFTs with the same size")
        X = a.X + sign * b.X
        return Spectrum(X, a.start, meet_rate(a, b)) if isinstance(a, Spectrum) else Spectrum2D(X, a.origin)
    if a.data.shape != b.data.shape:
        raise ValueError("sizes differ: images must match")
    return Image(to_float32(a.data.astype(np.float64) + sign * b.data), a.origin, a.angles)`,
  },
  spectral_part: {
    needs: ['Signal', 'Spectrum', 'Image', 'to_float32'],
    source: String.raw`def spectral_part(value, part):
    """spectrum -> a signal indexed by bin (rate n / rate, so its time axis reads in Hz); spectrum2d -> an image."""
    if isinstance(value, Spectrum):
        n = len(value.X)
        return Signal(part(value.X), 0, n / value.rate if value.rate is not None else None)
    return Image(to_float32(part(value.X))[None])`,
  },
};
