import { makeSignal } from '../data';
import { allocFloat64 } from '../dsp/buffer-pool';
import { gaussianRandom, mulberry32 } from './common';
import { defineNode, fail, ok } from './define';
import { compileExpression } from './expression';

const SHAPES = ['rect', 'triangle', 'gaussian', 'exponential', 'sine', 'cosine', 'impulse', 'step', 'chirp', 'noise', 'expression'] as const;

const shapeIs = (...shapes: string[]) => (params: Readonly<Record<string, unknown>>) => shapes.includes(params.shape as string);

export const functionSource = defineNode({
  type: 'source.function',
  title: 'Function',
  category: 'source',
  tags: ['signal', 'sine', 'cosine', 'rect', 'box', 'pulse', 'triangle', 'gaussian', 'step', 'chirp', 'generator', 'time'],
  doc:
    'A function of time sampled on [t0, t1] at `rate` samples per second: x[k] = A·f((start + k) / rate) with ' +
    'start = round(t0·rate). rect is A for |t| < width/2 (A/2 on the edges), triangle A·max(0, 1 − |t|/width), ' +
    'gaussian A·exp(−t²/2σ²), exponential A·exp(−t/width) for t ≥ 0, chirp sweeps from 0 Hz at t0 to `frequency` at t1, ' +
    'noise is seeded Gaussian white noise, and expression is any arithmetic in t.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'enum', name: 'shape', label: 'Shape', options: SHAPES, default: 'rect', inline: true },
    {
      kind: 'string',
      name: 'expression',
      label: 'Expression',
      doc: 'Arithmetic in t with pi, e and math functions (sin, exp, abs, …); comparisons give 1 or 0.',
      default: 'exp(-t) * (t >= 0)',
      maxLength: 1000,
      visible: shapeIs('expression'),
    },
    { kind: 'number', name: 't0', label: 't0 (s)', default: -2, min: -1e6, max: 1e6, slider: { min: -10, max: 10, scale: 'linear' } },
    { kind: 'number', name: 't1', label: 't1 (s)', default: 2, min: -1e6, max: 1e6, slider: { min: -10, max: 10, scale: 'linear' } },
    { kind: 'number', name: 'rate', label: 'Sample rate', default: 100, min: 1e-6, max: 1e7, slider: { min: 1, max: 100000, scale: 'log' } },
    { kind: 'number', name: 'amplitude', label: 'Amplitude', default: 1, min: -1e12, max: 1e12, slider: { min: -10, max: 10, scale: 'linear' } },
    { kind: 'number', name: 'width', label: 'Width (s)', default: 1, min: 0, exclusiveMin: true, max: 1e6, visible: shapeIs('rect', 'triangle', 'exponential'), slider: { min: 0.01, max: 100, scale: 'log' } },
    { kind: 'number', name: 'frequency', label: 'Frequency (Hz)', default: 1, min: 0, max: 1e7, visible: shapeIs('sine', 'cosine', 'chirp'), slider: { min: 0.01, max: 10000, scale: 'log' } },
    { kind: 'number', name: 'sigma', label: 'σ (s)', default: 1, min: 0, exclusiveMin: true, max: 1e6, visible: shapeIs('gaussian'), slider: { min: 0.01, max: 100, scale: 'log' } },
    { kind: 'number', name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295, integer: true, visible: shapeIs('noise'), slider: false },
  ],
  checkParams(params): Record<string, string> | undefined {
    if (params.t1 <= params.t0) return { t1: `must be greater than t0 (got t0 = ${params.t0}, t1 = ${params.t1})` };
    if (params.shape === 'expression') {
      const compiled = compileExpression(params.expression);
      if (!compiled.ok) return { expression: compiled.error };
    }
    return undefined;
  },
  compute(_inputs, params, context) {
    const { shape, rate, t0, t1, amplitude, width, frequency, sigma } = params;
    const start = Math.round(t0 * rate);
    const end = Math.round(t1 * rate);
    if (end < start) return fail(`[t0, t1] holds no sample at rate ${rate}: widen the interval or raise the rate`);
    const n = end - start + 1;
    context.reserve(n * 8, `${n} samples`);
    // From the engine's buffer pool when it has one: a re-run with a new param fills the buffer
    // the last run's output gave back instead of faulting in a new one.
    const data = allocFloat64(n);
    let f: (t: number) => number;
    switch (shape) {
      case 'rect':
        f = (t) => {
          const edge = Math.abs(t) - width / 2;
          return Math.abs(edge) < 1e-9 * Math.max(1, width) ? 0.5 : edge < 0 ? 1 : 0;
        };
        break;
      case 'triangle':
        f = (t) => Math.max(0, 1 - Math.abs(t) / width);
        break;
      case 'gaussian':
        f = (t) => Math.exp(-(t * t) / (2 * sigma * sigma));
        break;
      case 'exponential':
        f = (t) => (t >= 0 ? Math.exp(-t / width) : 0);
        break;
      case 'sine':
        f = (t) => Math.sin(2 * Math.PI * frequency * t);
        break;
      case 'cosine':
        f = (t) => Math.cos(2 * Math.PI * frequency * t);
        break;
      case 'impulse':
        f = () => 0;
        break;
      case 'step':
        f = (t) => (t >= 0 ? 1 : 0);
        break;
      case 'chirp': {
        // Instantaneous frequency rises linearly from 0 at t0 to `frequency` at t1.
        const span = t1 - t0;
        f = (t) => Math.sin((Math.PI * frequency * (t - t0) * (t - t0)) / span);
        break;
      }
      case 'noise': {
        const normal = gaussianRandom(mulberry32(params.seed));
        f = () => normal();
        break;
      }
      case 'expression': {
        const compiled = compileExpression(params.expression);
        if (!compiled.ok) return fail(`expression: ${compiled.error}`);
        f = compiled.f;
        break;
      }
      default:
        return fail(`unknown shape ${shape}`);
    }
    for (let k = 0; k < n; k++) {
      data[k] = amplitude * f((start + k) / rate);
      if ((k & 0xffff) === 0xffff) context.progress(k / n);
    }
    if (shape === 'impulse' && start <= 0 && end >= 0) data[-start] = amplitude;
    return ok({ out: makeSignal(data, start, rate) });
  },
});
