import { makeSignal } from '../data';
import { mulberry32 } from './common';
import { defineNode, ok } from './define';
import { allocFloat64 } from '../dsp/buffer-pool';

export const testSoundSource = defineNode({
  type: 'source.testSound',
  title: 'Test sound',
  category: 'source',
  tags: ['sound', 'audio', 'click', 'pluck', 'string', 'noise', 'sweep', 'chirp', 'sample sound'],
  doc:
    'A short synthetic sound to hear what a filter does: a click train (4 clicks a second), a plucked string ' +
    '(Karplus–Strong at 220 Hz), a 50 ms noise burst, or a logarithmic sweep from 20 Hz to 20 kHz (capped at ' +
    'rate/2). Peak amplitude is 0.5 and the noise is seeded, so every run gives the same samples.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'enum', name: 'kind', label: 'Kind', options: ['click-train', 'pluck', 'noise-burst', 'sweep'], default: 'pluck', inline: true },
    { kind: 'number', name: 'duration', label: 'Duration (s)', default: 1, min: 0, exclusiveMin: true, max: 600, slider: { min: 0.1, max: 60, scale: 'log' } },
    { kind: 'number', name: 'rate', label: 'Sample rate', default: 48000, min: 1000, max: 384000, integer: true, slider: { min: 1000, max: 200000, scale: 'log' } },
  ],
  compute(_inputs, params, context) {
    const { kind, rate } = params;
    const n = Math.max(1, Math.round(params.duration * rate));
    context.reserve(n * 8, `${n} samples`);
    const data = allocFloat64(n);
    const random = mulberry32(1);
    switch (kind) {
      case 'click-train': {
        const period = Math.round(rate / 4);
        for (let k = 0; k < n; k += period) data[k] = 0.5;
        break;
      }
      case 'pluck': {
        // Karplus–Strong: a noise-filled delay line, averaged with a decay each time round.
        const period = Math.max(2, Math.round(rate / 220));
        for (let k = 0; k < Math.min(period, n); k++) data[k] = random() - 0.5;
        for (let k = period; k < n; k++) {
          data[k] = 0.996 * 0.5 * (data[k - period]! + data[k - period + 1 < k ? k - period + 1 : k - period]!);
          if ((k & 0xffff) === 0) context.progress(k / n);
        }
        break;
      }
      case 'noise-burst': {
        const length = Math.min(n, Math.round(0.05 * rate));
        for (let k = 0; k < length; k++) data[k] = random() - 0.5;
        break;
      }
      case 'sweep': {
        const f0 = 20;
        const f1 = Math.min(20000, rate / 2);
        const duration = n / rate;
        const ratio = Math.log(f1 / f0);
        // Exponential sweep: phase = 2π f0 T/ln(f1/f0) · (e^{t ln(f1/f0)/T} − 1).
        for (let k = 0; k < n; k++) {
          const t = k / rate;
          data[k] = 0.5 * Math.sin(((2 * Math.PI * f0 * duration) / ratio) * (Math.exp((t * ratio) / duration) - 1));
        }
        break;
      }
    }
    return ok({ out: makeSignal(data, 0, rate) });
  },
});
