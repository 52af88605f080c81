/**
 * The 3-D U-Net's layers (../unet3d-simd.ts lays out the memory): f32x4 over x, four output
 * channels at a time so every input vector loaded feeds four accumulations. Activations are
 * padded volumes: per channel (depth + 2) planes of (height + 2) rows of `rowStride` floats,
 * voxel (x, y, z) at ((z + 1)·(height + 2) + y + 1)·rowStride + x + 1, the border zero — that
 * border is the convolutions' zero padding, so the inner loops have no boundary tests. Vectors
 * that run past a row's last voxel write into its right border, which is zeroed again after
 * each row. Weights are PyTorch's layouts: Conv3d (out, in, k, k, k), ConvTranspose3d
 * (in, out, 2, 2, 2). Pointers are byte addresses.
 */

@inline function relu4(v: v128, on: i32): v128 {
  return on ? f32x4.max(v, f32x4.splat(0)) : v;
}

/** Zeroes a row's border columns from x = width (padded width + 1) to `written` (padded). */
@inline function clearTail(row: usize, width: i32, written: i32): void {
  for (let x = width + 1; x <= written; x++) store<f32>(row + (<usize>x << 2), 0);
}

/**
 * 3×3×3 cross-correlation with zero padding 1, plus bias, then ReLU when `relu`: output planes
 * z0 ≤ z < z1 of every output channel. Eight x per step, four output channels per pass.
 */
export function unetConv3(
  src: usize, channelsIn: i32, dst: usize, channelsOut: i32, weights: usize, bias: usize,
  width: i32, height: i32, depth: i32, rowStride: i32, relu: i32, z0: i32, z1: i32,
): void {
  const row4 = <usize>rowStride << 2;
  const plane4 = row4 * <usize>(height + 2);
  const channel4 = plane4 * <usize>(depth + 2);
  const coStride = <usize>(channelsIn * 27) << 2;
  const written = ((width + 7) & ~7);
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < height; y++) {
      const inRow = src + <usize>z * plane4 + <usize>y * row4;
      let co = 0;
      for (; co + 4 <= channelsOut; co += 4) {
        const w0 = weights + <usize>co * coStride;
        const b0 = f32x4.splat(load<f32>(bias + (<usize>co << 2)));
        const b1 = f32x4.splat(load<f32>(bias + (<usize>co << 2), 4));
        const b2 = f32x4.splat(load<f32>(bias + (<usize>co << 2), 8));
        const b3 = f32x4.splat(load<f32>(bias + (<usize>co << 2), 12));
        const outRow = dst + <usize>co * channel4 + <usize>(z + 1) * plane4 + <usize>(y + 1) * row4 + 4;
        for (let x = 0; x < width; x += 8) {
          let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
          let c0 = b0, c1 = b1, c2 = b2, c3 = b3;
          let w = w0;
          let channel = inRow + (<usize>x << 2);
          for (let ci = 0; ci < channelsIn; ci++) {
            for (let kz = 0; kz < 3; kz++) {
              for (let ky = 0; ky < 3; ky++) {
                const p = channel + <usize>kz * plane4 + <usize>ky * row4;
                for (let kx = 0; kx < 3; kx++) {
                  const lo = v128.load(p + (<usize>kx << 2));
                  const hi = v128.load(p + (<usize>kx << 2), 16);
                  let k = v128.load32_splat(w);
                  a0 = f32x4.add(a0, f32x4.mul(k, lo)); c0 = f32x4.add(c0, f32x4.mul(k, hi));
                  k = v128.load32_splat(w + coStride);
                  a1 = f32x4.add(a1, f32x4.mul(k, lo)); c1 = f32x4.add(c1, f32x4.mul(k, hi));
                  k = v128.load32_splat(w + 2 * coStride);
                  a2 = f32x4.add(a2, f32x4.mul(k, lo)); c2 = f32x4.add(c2, f32x4.mul(k, hi));
                  k = v128.load32_splat(w + 3 * coStride);
                  a3 = f32x4.add(a3, f32x4.mul(k, lo)); c3 = f32x4.add(c3, f32x4.mul(k, hi));
                  w += 4;
                }
              }
            }
            channel += channel4;
          }
          const o = outRow + (<usize>x << 2);
          v128.store(o, relu4(a0, relu)); v128.store(o, relu4(c0, relu), 16);
          v128.store(o + channel4, relu4(a1, relu)); v128.store(o + channel4, relu4(c1, relu), 16);
          v128.store(o + 2 * channel4, relu4(a2, relu)); v128.store(o + 2 * channel4, relu4(c2, relu), 16);
          v128.store(o + 3 * channel4, relu4(a3, relu)); v128.store(o + 3 * channel4, relu4(c3, relu), 16);
        }
        for (let j = 0; j < 4; j++) clearTail(outRow - 4 + <usize>j * channel4, width, written);
      }
      for (; co < channelsOut; co++) {
        const b = f32x4.splat(load<f32>(bias + (<usize>co << 2)));
        const outRow = dst + <usize>co * channel4 + <usize>(z + 1) * plane4 + <usize>(y + 1) * row4 + 4;
        for (let x = 0; x < width; x += 8) {
          let a = b, c = b;
          let w = weights + <usize>co * coStride;
          let channel = inRow + (<usize>x << 2);
          for (let ci = 0; ci < channelsIn; ci++) {
            for (let kz = 0; kz < 3; kz++) {
              for (let ky = 0; ky < 3; ky++) {
                const p = channel + <usize>kz * plane4 + <usize>ky * row4;
                for (let kx = 0; kx < 3; kx++) {
                  const k = v128.load32_splat(w);
                  a = f32x4.add(a, f32x4.mul(k, v128.load(p + (<usize>kx << 2))));
                  c = f32x4.add(c, f32x4.mul(k, v128.load(p + (<usize>kx << 2), 16)));
                  w += 4;
                }
              }
            }
            channel += channel4;
          }
          const o = outRow + (<usize>x << 2);
          v128.store(o, relu4(a, relu)); v128.store(o, relu4(c, relu), 16);
        }
        clearTail(outRow - 4, width, written);
      }
    }
  }
}

/**
 * Conv3d(kernel 2, stride 2) plus bias, then ReLU: output planes z0 ≤ z < z1 of a volume of half
 * the input's sides (width, height, depth are the output's). Even and odd input columns are
 * split by shuffles, so four outputs come from two loads.
 */
export function unetDown(
  src: usize, channelsIn: i32, srcRowStride: i32, dst: usize, channelsOut: i32, weights: usize, bias: usize,
  width: i32, height: i32, depth: i32, rowStride: i32, z0: i32, z1: i32,
): void {
  const inRow4 = <usize>srcRowStride << 2;
  const inPlane4 = inRow4 * <usize>(2 * height + 2);
  const inChannel4 = inPlane4 * <usize>(2 * depth + 2);
  const row4 = <usize>rowStride << 2;
  const plane4 = row4 * <usize>(height + 2);
  const channel4 = plane4 * <usize>(depth + 2);
  const coStride = <usize>(channelsIn * 8) << 2;
  const written = (width + 3) & ~3;
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < height; y++) {
      const inRow = src + <usize>(2 * z + 1) * inPlane4 + <usize>(2 * y + 1) * inRow4 + 4;
      let co = 0;
      for (; co < channelsOut; co += 4) {
        const count = channelsOut - co < 4 ? channelsOut - co : 4;
        const outRow = dst + <usize>co * channel4 + <usize>(z + 1) * plane4 + <usize>(y + 1) * row4 + 4;
        for (let x = 0; x < width; x += 4) {
          let a0 = f32x4.splat(load<f32>(bias + (<usize>co << 2)));
          let a1 = count > 1 ? f32x4.splat(load<f32>(bias + (<usize>co << 2), 4)) : f32x4.splat(0);
          let a2 = count > 2 ? f32x4.splat(load<f32>(bias + (<usize>co << 2), 8)) : f32x4.splat(0);
          let a3 = count > 3 ? f32x4.splat(load<f32>(bias + (<usize>co << 2), 12)) : f32x4.splat(0);
          let w = weights + <usize>co * coStride;
          let channel = inRow + (<usize>(2 * x) << 2);
          for (let ci = 0; ci < channelsIn; ci++) {
            for (let k = 0; k < 4; k++) {
              const p = channel + <usize>(k >> 1) * inPlane4 + <usize>(k & 1) * inRow4;
              const lo = v128.load(p), hi = v128.load(p, 16);
              const even = v128.shuffle<f32>(lo, hi, 0, 2, 4, 6);
              const odd = v128.shuffle<f32>(lo, hi, 1, 3, 5, 7);
              a0 = f32x4.add(a0, f32x4.add(f32x4.mul(v128.load32_splat(w), even), f32x4.mul(v128.load32_splat(w, 4), odd)));
              if (count > 1) a1 = f32x4.add(a1, f32x4.add(f32x4.mul(v128.load32_splat(w + coStride), even), f32x4.mul(v128.load32_splat(w + coStride, 4), odd)));
              if (count > 2) a2 = f32x4.add(a2, f32x4.add(f32x4.mul(v128.load32_splat(w + 2 * coStride), even), f32x4.mul(v128.load32_splat(w + 2 * coStride, 4), odd)));
              if (count > 3) a3 = f32x4.add(a3, f32x4.add(f32x4.mul(v128.load32_splat(w + 3 * coStride), even), f32x4.mul(v128.load32_splat(w + 3 * coStride, 4), odd)));
              w += 8;
            }
            channel += inChannel4;
          }
          const o = outRow + (<usize>x << 2);
          v128.store(o, relu4(a0, 1));
          if (count > 1) v128.store(o + channel4, relu4(a1, 1));
          if (count > 2) v128.store(o + 2 * channel4, relu4(a2, 1));
          if (count > 3) v128.store(o + 3 * channel4, relu4(a3, 1));
        }
        for (let j = 0; j < count; j++) clearTail(outRow - 4 + <usize>j * channel4, width, written);
      }
    }
  }
}

/**
 * ConvTranspose3d(kernel 2, stride 2) plus bias: output planes z0 ≤ z < z1 of a volume of twice
 * the input's sides (width, height, depth are the output's). Each output row takes one input
 * row: the even and odd outputs of four input voxels are summed apart and interleaved.
 */
export function unetUp(
  src: usize, channelsIn: i32, srcRowStride: i32, dst: usize, channelsOut: i32, weights: usize, bias: usize,
  width: i32, height: i32, depth: i32, rowStride: i32, z0: i32, z1: i32,
): void {
  const inWidth = width >> 1, inHeight = height >> 1, inDepth = depth >> 1;
  const inRow4 = <usize>srcRowStride << 2;
  const inPlane4 = inRow4 * <usize>(inHeight + 2);
  const inChannel4 = inPlane4 * <usize>(inDepth + 2);
  const row4 = <usize>rowStride << 2;
  const plane4 = row4 * <usize>(height + 2);
  const channel4 = plane4 * <usize>(depth + 2);
  const ciStride = <usize>(channelsOut * 8) << 2;
  const written = 2 * ((inWidth + 3) & ~3);
  for (let z = z0; z < z1; z++) {
    for (let y = 0; y < height; y++) {
      const k = ((z & 1) << 2) | ((y & 1) << 1);
      const inRow = src + <usize>((z >> 1) + 1) * inPlane4 + <usize>((y >> 1) + 1) * inRow4 + 4;
      for (let co = 0; co < channelsOut; co += 2) {
        const two = channelsOut - co > 1;
        const outRow = dst + <usize>co * channel4 + <usize>(z + 1) * plane4 + <usize>(y + 1) * row4 + 4;
        const bias0 = f32x4.splat(load<f32>(bias + (<usize>co << 2)));
        const bias1 = two ? f32x4.splat(load<f32>(bias + (<usize>co << 2), 4)) : f32x4.splat(0);
        for (let x = 0; x < inWidth; x += 4) {
          let e0 = bias0, o0 = bias0, e1 = bias1, o1 = bias1;
          let w = weights + (<usize>(co * 8 + k) << 2);
          let p = inRow + (<usize>x << 2);
          for (let ci = 0; ci < channelsIn; ci++) {
            const v = v128.load(p);
            e0 = f32x4.add(e0, f32x4.mul(v128.load32_splat(w), v));
            o0 = f32x4.add(o0, f32x4.mul(v128.load32_splat(w, 4), v));
            if (two) {
              e1 = f32x4.add(e1, f32x4.mul(v128.load32_splat(w, 32), v));
              o1 = f32x4.add(o1, f32x4.mul(v128.load32_splat(w, 36), v));
            }
            w += ciStride;
            p += inChannel4;
          }
          const o = outRow + (<usize>(2 * x) << 2);
          v128.store(o, v128.shuffle<f32>(e0, o0, 0, 4, 1, 5));
          v128.store(o, v128.shuffle<f32>(e0, o0, 2, 6, 3, 7), 16);
          if (two) {
            v128.store(o + channel4, v128.shuffle<f32>(e1, o1, 0, 4, 1, 5));
            v128.store(o + channel4, v128.shuffle<f32>(e1, o1, 2, 6, 3, 7), 16);
          }
        }
        clearTail(outRow - 4, width, written);
        if (two) clearTail(outRow - 4 + channel4, width, written);
      }
    }
  }
}
