"""PyTorch's side of bench/run.ts's U-Net case: a seeded UNet3d (scripts/train/unet3d.py, the one
definition of the architecture) on a seeded size³ input, forward timed on two threads (median of
repeats, after warm-up), with the weights, input and output written for the bench to check.
Run: /usr/bin/python3 bench/torch_unet.py OUTDIR SIZE BASE LEVELS   (prints one JSON line)"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts', 'train'))
from unet3d import UNet3d, save_safetensors  # noqa: E402

out_dir, size, base, levels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(2)
torch.manual_seed(0)
model = UNet3d(levels=levels, base=base, residual=True).eval()
x = torch.rand((1, 1, size, size, size), generator=torch.Generator().manual_seed(1))
with torch.no_grad():
    for _ in range(2):
        y = model(x)
    samples = []
    for _ in range(5):
        t = time.perf_counter()
        y = model(x)
        samples.append(1000 * (time.perf_counter() - t))
samples.sort()
save_safetensors(model, os.path.join(out_dir, 'model.safetensors'))
x.numpy().astype('<f4').tofile(os.path.join(out_dir, 'input.f32'))
y.numpy().astype('<f4').tofile(os.path.join(out_dir, 'output.f32'))
print(json.dumps({'ms': samples[len(samples) // 2], 'torch': torch.__version__, 'threads': torch.get_num_threads()}))
