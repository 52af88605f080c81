"""Convolab's 3-D U-Net (op.unet3d) in PyTorch's terms, exactly as ../shared/NODES.md states it,
so a state_dict saved with safetensors loads into op.unet3d unchanged.

Channels at level i are c_i = base * 2**i. Encoder enc.{i}.conv1/conv2 (3x3x3, padding 1, ReLU);
down.{i}: Conv3d(c_i -> c_i, kernel 2, stride 2) + ReLU (the strided 3-D convolution); decoder:
up.{i} ConvTranspose3d(c_{i+1} -> c_i, 2, stride 2), concatenate [encoder i, upsampled] along
channels, dec.{i}.conv1/conv2 (3x3x3, padding 1, ReLU); head Conv3d(c_0 -> 1, 1). The output is
input + head(...) when residual, else head(...).
"""
import torch
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, channels_in: int, channels_out: int):
        super().__init__()
        self.conv1 = nn.Conv3d(channels_in, channels_out, 3, padding=1)
        self.conv2 = nn.Conv3d(channels_out, channels_out, 3, padding=1)

    def forward(self, x):
        return torch.relu(self.conv2(torch.relu(self.conv1(x))))


class UNet3d(nn.Module):
    def __init__(self, levels: int = 3, base: int = 8, residual: bool = True):
        super().__init__()
        self.levels, self.base, self.residual = levels, base, residual
        channels = [base * 2 ** i for i in range(levels)]
        self.enc = nn.ModuleList(DoubleConv(1 if i == 0 else channels[i - 1], channels[i]) for i in range(levels))
        self.down = nn.ModuleList(nn.Conv3d(channels[i], channels[i], 2, stride=2) for i in range(levels - 1))
        self.up = nn.ModuleList(nn.ConvTranspose3d(channels[i + 1], channels[i], 2, stride=2) for i in range(levels - 1))
        self.dec = nn.ModuleList(DoubleConv(2 * channels[i], channels[i]) for i in range(levels - 1))
        self.head = nn.Conv3d(channels[0], 1, 1)

    def forward(self, x):
        skips = []
        h = x
        for i in range(self.levels):
            h = self.enc[i](h)
            if i < self.levels - 1:
                skips.append(h)
                h = torch.relu(self.down[i](h))
        for i in reversed(range(self.levels - 1)):
            h = self.up[i](h)
            h = self.dec[i](torch.cat([skips[i], h], dim=1))
        out = self.head(h)
        return x + out if self.residual else out


def save_safetensors(model: UNet3d, path: str) -> None:
    """The state_dict as safetensors (all F32, little-endian), with the metadata op.unet3d reads."""
    import json
    import struct

    tensors = {name: t.detach().to(torch.float32).contiguous().cpu() for name, t in model.state_dict().items()}
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(tensors[name].shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header['__metadata__'] = {'arch': 'convolab.unet3d', 'levels': str(model.levels), 'base': str(model.base)}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
