/**
 * A number param's slider, without a DOM: its span comes from the definition (`slider`, or one
 * derived from min, max and default), never from the value it has now, so the node's and the
 * inspector's sliders for one param are the same track. Keys step along a grid, so that up then
 * down comes back: a 1-2-5 ladder (… 0.1, 0.2, 0.5, 1, 2, 5 …) on a log track, a fixed 1-2-5 step
 * on a linear one; dragged values are rounded to what the track can resolve (2 significant digits
 * on a log track, the step on a linear one), so a drag gives 18, not 18.0448.
 */
import type { NumberParam, NumberSlider } from '../../../src-shared/nodes/define';

/** Positions of every slider's track (the range input's min 0 and max). */
export const SLIDER_POSITIONS = 1000;

export interface Slider extends NumberSlider {
  /** A linear track's step (values are origin + k·step); a log track walks the 1-2-5 ladder. */
  readonly step?: number;
  readonly origin: number;
}

const MANTISSAS = [1, 2, 5] as const;

/** The 1-2-5 value nearest (by ratio) to `target`. */
export function nearestLadder(target: number): number {
  const exponent = Math.floor(Math.log10(target));
  let best = 1, bestDistance = Infinity;
  for (let e = exponent - 1; e <= exponent + 1; e++) {
    for (const m of [...MANTISSAS, 10]) {
      const candidate = Number(`${m}e${e}`);
      const distance = Math.abs(Math.log(candidate / target));
      if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
  }
  return best;
}

/** The smallest 1-2-5 value above `value` (> 0). */
export function ladderUp(value: number): number {
  const exponent = Math.floor(Math.log10(value)) - 1;
  for (let e = exponent; ; e++) {
    for (const m of MANTISSAS) {
      const candidate = Number(`${m}e${e}`);
      if (candidate > value * (1 + 1e-9)) return candidate;
    }
  }
}

/** The largest 1-2-5 value below `value` (> 0). */
export function ladderDown(value: number): number {
  const exponent = Math.floor(Math.log10(value)) + 1;
  for (let e = exponent; ; e--) {
    for (const m of [...MANTISSAS].reverse()) {
      const candidate = Number(`${m}e${e}`);
      if (candidate < value * (1 - 1e-9)) return candidate;
    }
  }
}

/** A 1-2-5 value above or at `value` (> 0), for a derived span's end. */
function ladderCeil(value: number): number {
  return ladderUp(value * (1 - 1e-6));
}

/** The slider a param gets when its definition declares none. */
export function derivedSlider(param: NumberParam): NumberSlider | undefined {
  const { min, max } = param;
  if (min === undefined || max === undefined || !(max > min)) return undefined;
  const span = max - min;
  if (span <= 100) return { min, max, scale: 'linear' };
  // A positive default in the first thousandth of its span (a tolerance of 1e-9, a rate of 1 Hz):
  // on a linear track it would sit pinned at the left end.
  if (min >= 0 && param.default > 0 && param.default < 1e-3 * span) {
    const decades = (factor: number): number => Number((param.default * factor).toPrecision(6));
    return { min: Math.max(min, decades(1e-3)), max: Math.min(max, decades(1e3)), scale: 'log' };
  }
  const reach = ladderCeil(10 * Math.max(Math.abs(param.default), 1));
  return { min: min < 0 ? Math.max(min, -reach) : min, max: Math.min(max, Math.max(reach, min + 1)), scale: 'linear' };
}

/** The param's slider, or undefined for none (unbounded, or `slider: false`). */
export function sliderOf(param: NumberParam): Slider | undefined {
  if (param.slider === false) return undefined;
  const spec = param.slider ?? derivedSlider(param);
  if (!spec) return undefined;
  if (spec.scale === 'log') return { ...spec, origin: 0 };
  // A declared step counts from the slider's min (2 from 1 keeps a size odd); a derived one is a
  // 1-2-5 value, about a hundredth of the span, on its multiples.
  if (param.step !== undefined) return { ...spec, step: param.step, origin: spec.min };
  const step = nearestLadder((spec.max - spec.min) / 100);
  return { ...spec, step: param.integer ? Math.max(1, Math.round(step)) : step, origin: 0 };
}

/** The number of decimals a step has (0.2 → 1, 0.05 → 2, 5 → 0). */
function decimalsOf(step: number): number {
  for (let d = 0; d < 20; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 20;
}

/** `value` rounded to the grid origin + k·step, written with the step's decimals (no 0.30000000000000004). */
export function roundToStep(value: number, step: number, origin = 0): number {
  const snapped = origin + Math.round((value - origin) / step) * step;
  return Number(snapped.toFixed(Math.min(100, decimalsOf(step) + decimalsOf(origin))));
}

/** The nearest value the param accepts: within min/max (above an exclusive min), whole where it must be. */
export function fitValue(param: NumberParam, value: number, step?: number): number {
  let fitted = param.integer ? Math.round(value) : value;
  if (param.max !== undefined && fitted > param.max) fitted = param.max;
  if (param.min !== undefined) {
    if (fitted < param.min) fitted = param.min;
    if (param.exclusiveMin && fitted <= param.min) fitted = param.min + (step ?? (param.integer ? 1 : Math.max(Math.abs(param.min) * 1e-6, 1e-9)));
  }
  return fitted;
}

/** The track position (0 … SLIDER_POSITIONS) of a value: a value beyond the span sits at its end. */
export function sliderPosition(slider: Slider, value: number): number {
  const fraction = slider.scale === 'log'
    ? (value > 0 ? Math.log(value / slider.min) / Math.log(slider.max / slider.min) : 0)
    : (value - slider.min) / (slider.max - slider.min);
  return Math.round(SLIDER_POSITIONS * Math.min(1, Math.max(0, fraction)));
}

/** The value at a track position, rounded to what the track resolves and fitted to the param's range. */
export function sliderValue(param: NumberParam, slider: Slider, position: number): number {
  const fraction = Math.min(1, Math.max(0, position / SLIDER_POSITIONS));
  if (slider.scale === 'log') {
    const raw = slider.min * Math.pow(slider.max / slider.min, fraction);
    return fitValue(param, Number(raw.toPrecision(2)));
  }
  const raw = slider.min + fraction * (slider.max - slider.min);
  return fitValue(param, roundToStep(raw, slider.step!, slider.origin), slider.step);
}

/**
 * One key step from `value`: up or down the 1-2-5 ladder on a log track (`large`: a decade, three
 * rungs), by the step on a linear one (`large`: ten steps, on the same grid). A value off the grid goes to the next
 * grid value, so up then down from a grid value comes back to it. Undefined when it cannot move.
 */
export function stepValue(param: NumberParam, slider: Slider | undefined, value: number, direction: 1 | -1, large = false): number | undefined {
  let next: number;
  if (slider?.scale === 'log') {
    if (value <= 0) {
      if (direction < 0) return undefined;
      next = ladderCeil(slider.min);
    } else {
      next = value;
      for (let rung = 0; rung < (large ? 3 : 1); rung++) next = direction > 0 ? ladderUp(next) : ladderDown(next);
    }
  } else {
    const step = slider?.step ?? param.step ?? 1;
    const origin = slider?.origin ?? 0;
    if (large) {
      next = roundToStep(value + direction * 10 * step, step, origin);
    } else {
      const k = (value - origin) / step;
      const index = direction > 0 ? Math.floor(k + 1e-9) + 1 : Math.ceil(k - 1e-9) - 1;
      next = roundToStep(origin + index * step, step, origin);
    }
  }
  const fitted = fitValue(param, next, slider?.step);
  return fitted === value ? undefined : fitted;
}
