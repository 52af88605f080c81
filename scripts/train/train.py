"""Trains op.unet3d's default model: UNet3d(levels 3, base 8, residual) maps a 24-view FDK of a
64³ volume to the volume, from the pairs scripts/train/make-data.ts wrote.

  nice -n 10 /usr/bin/python3 scripts/train/train.py [--data tmp/unet-data] [--out models] [--minutes 55]

Training: random 32³ crops of the 64³ training pairs (the network is fully convolutional, so
the trained model runs on 64³), augmented by the flips of x, y and z and the swap of x and y —
exact symmetries of 24 equally spaced views on a circular orbit, so a flipped pair is another
true pair. Adam, MSE (the metric is RMSE), learning rate on a cosine over the wall-time budget.
The last 4 training seeds are kept out as a validation set for the log; the held-out phantoms
(seeds above 10,000 and the Shepp–Logan) are only used once, at the end, for the table.

Writes into --out: unet3d-sparse-ct.safetensors, training-log.txt, loss-curve.png; and beside
each held-out pair its U-Net output (NAME-unet.npy), for scripts/train/data-consistency.ts.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

# Waiting threads sleep rather than spin: on a machine shared with other work, spinning burns the
# little CPU time a niced run gets.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unet3d import UNet3d, save_safetensors  # noqa: E402

# Few, because a 64³ forward pass costs seconds on a loaded 2-core machine and runs every epoch.
VALIDATION = 4


def load_pairs(folder, names):
    inputs = np.stack([np.load(os.path.join(folder, f'{name}-fdk.npy')).astype(np.float32) for name in names])
    truths = np.stack([np.load(os.path.join(folder, f'{name}-truth.npy')).astype(np.float32) for name in names])
    return torch.from_numpy(inputs[:, None]), torch.from_numpy(truths[:, None])


def random_batch(inputs, truths, batch, crop, generator):
    """`batch` random crop³ windows, each flipped and transposed by a random symmetry of the orbit."""
    size = inputs.shape[-1]
    xs, ys = [], []
    for _ in range(batch):
        k = int(torch.randint(len(inputs), (1,), generator=generator))
        z, y, x = (int(v) for v in torch.randint(size - crop + 1, (3,), generator=generator))
        a = inputs[k, :, z:z + crop, y:y + crop, x:x + crop]
        b = truths[k, :, z:z + crop, y:y + crop, x:x + crop]
        flips = [axis for axis, bit in zip((1, 2, 3), torch.randint(2, (3,), generator=generator)) if bit]
        if flips:
            a, b = a.flip(flips), b.flip(flips)
        if int(torch.randint(2, (1,), generator=generator)):
            a, b = a.transpose(2, 3), b.transpose(2, 3)
        xs.append(a)
        ys.append(b)
    return torch.stack(xs).contiguous(), torch.stack(ys).contiguous()


def initialise(model):
    """He initialisation with zero biases, and a zero head so that training starts at the identity
    (output = input). PyTorch's default (uniform weights of variance 1/(3·fan_in), random biases)
    shrinks the signal at every layer: with inputs of a few hundredths, as these volumes are, the
    deep features are the biases alone, the network never sees its input and stays at the identity."""
    for module in model.modules():
        if isinstance(module, (torch.nn.Conv3d, torch.nn.ConvTranspose3d)):
            torch.nn.init.kaiming_normal_(module.weight, nonlinearity='relu')
            torch.nn.init.zeros_(module.bias)
    torch.nn.init.zeros_(model.head.weight)


def rmse(a, b):
    return float(torch.sqrt(torch.mean((a - b) ** 2)))


def evaluate(model, inputs, truths):
    """Per volume: (RMSE of the FDK, RMSE of the U-Net, the U-Net's output)."""
    model.eval()
    rows = []
    with torch.no_grad():
        for k in range(len(inputs)):
            out = model(inputs[k:k + 1])
            rows.append((rmse(inputs[k], truths[k]), rmse(out[0], truths[k]), out[0, 0].numpy()))
    model.train()
    return rows


def plot_curve(path, epochs, train_losses, validation_rmse, fdk_rmse):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    figure, axis = plt.subplots(figsize=(7, 4.2), dpi=110)
    axis.plot(epochs, [math.sqrt(v) for v in train_losses], label='training crops: √MSE (32³, batch mean)', marker='.')
    axis.plot(epochs, validation_rmse, label='validation volumes: RMSE of the U-Net (64³)', marker='.')
    axis.axhline(fdk_rmse, color='grey', linestyle='--', label='validation volumes: RMSE of sparse FDK')
    axis.set_yscale('log')
    axis.set_xlabel('epoch')
    axis.set_ylabel('RMSE')
    axis.set_title('op.unet3d default model: 24-view FDK → phantom, 64³')
    axis.grid(True, which='both', alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data', default='tmp/unet-data')
    parser.add_argument('--out', default='models')
    parser.add_argument('--minutes', type=float, default=55)
    parser.add_argument('--crop', type=int, default=32)
    parser.add_argument('--batch', type=int, default=2)
    parser.add_argument('--steps-per-epoch', type=int, default=40)
    parser.add_argument('--learning-rate', type=float, default=2e-3)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, 'training-log.txt')
    log_file = open(log_path, 'w')

    def log(line):
        print(line, flush=True)
        log_file.write(line + '\n')
        log_file.flush()

    with open(os.path.join(args.data, 'manifest.json')) as f:
        manifest = json.load(f)
    names = manifest['train']
    if len(names) <= VALIDATION:
        sys.exit(f'train.py: {args.data} has {len(names)} training pairs; make at least {VALIDATION + 1} with make-data.ts')
    train_inputs, train_truths = load_pairs(os.path.join(args.data, 'train'), names[:-VALIDATION])
    validation_inputs, validation_truths = load_pairs(os.path.join(args.data, 'train'), names[-VALIDATION:])

    model = UNet3d(levels=3, base=8, residual=True)
    initialise(model)
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    log(f'# op.unet3d default model: UNet3d(levels 3, base 8, residual), {parameters} parameters')
    log(f'# data: {args.data}: {len(names) - VALIDATION} training pairs ({names[0]}..{names[-VALIDATION - 1]}), '
        f'{VALIDATION} validation pairs ({names[-VALIDATION]}..{names[-1]}), settings {json.dumps(manifest["settings"])}, '
        f'geometry {json.dumps(manifest["geometry"])}')
    log(f'# training: {args.crop}³ crops, batch {args.batch}, {args.steps_per_epoch} steps per epoch, He init, zero head, Adam lr {args.learning_rate} '
        f'(cosine over {args.minutes} min), MSE, flips x/y/z and x↔y, torch {torch.__version__}, {args.threads} threads, seed {args.seed}')
    fdk_validation = float(np.mean([rmse(validation_inputs[k], validation_truths[k]) for k in range(len(validation_inputs))]))
    log(f'# validation RMSE of sparse FDK: {fdk_validation:.5f}')
    log('epoch  minutes  cpu_minutes  learning_rate  train_mse  validation_rmse')

    budget = args.minutes * 60
    started, cpu_started = time.monotonic(), time.process_time()
    epochs, train_losses, validation_rmse = [], [], []
    epoch = 0
    while time.monotonic() - started < budget:
        epoch += 1
        total = 0.0
        for _ in range(args.steps_per_epoch):
            fraction = min(1.0, (time.monotonic() - started) / budget)
            learning_rate = args.learning_rate * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * fraction)))
            for group in optimizer.param_groups:
                group['lr'] = learning_rate
            x, y = random_batch(train_inputs, train_truths, args.batch, args.crop, generator)
            loss = torch.mean((model(x) - y) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss)
        validation = float(np.mean([row[1] for row in evaluate(model, validation_inputs, validation_truths)]))
        epochs.append(epoch)
        train_losses.append(total / args.steps_per_epoch)
        validation_rmse.append(validation)
        log(f'{epoch:5d}  {(time.monotonic() - started) / 60:7.2f}  {(time.process_time() - cpu_started) / 60:11.2f}  {learning_rate:13.2e}  {train_losses[-1]:9.3e}  {validation:15.5f}')
    minutes, cpu_minutes = (time.monotonic() - started) / 60, (time.process_time() - cpu_started) / 60
    log(f'# trained {epoch} epochs ({epoch * args.steps_per_epoch} steps, {epoch * args.steps_per_epoch * args.batch} crops) '
        f'in {minutes:.1f} min wall time, {cpu_minutes:.1f} min of CPU time (nice 10 on a shared 2-core machine)')

    model_path = os.path.join(args.out, 'unet3d-sparse-ct.safetensors')
    save_safetensors(model, model_path)
    log(f'# saved {model_path}')
    plot_curve(os.path.join(args.out, 'loss-curve.png'), epochs, train_losses, validation_rmse, fdk_validation)

    held_out = manifest['heldOut']
    folder = os.path.join(args.data, 'held-out')
    inputs, truths = load_pairs(folder, held_out)
    rows = evaluate(model, inputs, truths)
    log('# held-out (never trained on): RMSE over the whole 64³ volume')
    kinds = manifest.get('kinds', {})
    log('phantom            kind         fdk_rmse  unet_rmse  reduction')
    for name, (fdk_error, unet_error, output) in zip(held_out, rows):
        np.save(os.path.join(folder, f'{name}-unet.npy'), output.astype(np.float32))
        log(f'{name:17s}  {kinds.get(name, ""):11s}  {fdk_error:8.5f}  {unet_error:9.5f}  {100 * (1 - unet_error / fdk_error):8.1f} %')
    seeds = [(name, row) for name, row in zip(held_out, rows) if name != 'shepp-logan']
    # Each kind apart as well: a head's FDK error is several times a free volume's, so the mean of
    # all is mostly the heads'.
    for label, kind in (('ellipsoids (mean)', None), ('heads (mean)', 'head'), ('free (mean)', 'free')):
        chosen = [row for name, row in seeds if kind is None or kinds.get(name) == kind]
        if chosen:
            fdk_mean = float(np.mean([row[0] for row in chosen]))
            unet_mean = float(np.mean([row[1] for row in chosen]))
            log(f'{label:17s}  {len(chosen):2d} volumes   {fdk_mean:8.5f}  {unet_mean:9.5f}  {100 * (1 - unet_mean / fdk_mean):8.1f} %')


if __name__ == '__main__':
    main()
