/**
 * A number param: its slider (span from the definition, the same on the node and in the
 * inspector) beside a text field that takes a number or arithmetic ("2+3", "pi/4") on Enter or
 * on leaving it. Arrow keys step along the slider's grid (Shift: ten steps, or a decade on a
 * track by decades); a slider's Home and End go to its ends.
 */
import type { KeyboardEvent } from 'react';
import type { NumberParam } from '../../../src-shared/nodes/define';
import type { FieldProps } from './field';
import { formatNumber, parseNumberField } from './numbers';
import { SLIDER_POSITIONS, sliderOf, sliderPosition, sliderValue, stepValue } from './slider';
import { useTextEntry } from './useTextEntry';

/** The keys that move a slider, as a step direction; Page keys and Shift make large steps. */
function keyStep(event: KeyboardEvent): { direction: 1 | -1; large: boolean } | undefined {
  const large = event.shiftKey || event.key === 'PageUp' || event.key === 'PageDown';
  if (['ArrowUp', 'ArrowRight', 'PageUp'].includes(event.key)) return { direction: 1, large };
  if (['ArrowDown', 'ArrowLeft', 'PageDown'].includes(event.key)) return { direction: -1, large };
  return undefined;
}

export function NumberField({ param, value, edit, common }: FieldProps<NumberParam>) {
  const current = typeof value === 'number' ? value : param.default;
  const entry = useTextEntry(edit, formatNumber(current), (text) => parseNumberField(param, text));
  const slider = sliderOf(param);
  const step = (from: number, direction: 1 | -1, large: boolean): void => {
    const next = stepValue(param, slider, from, direction, large);
    entry.cancel();
    if (next !== undefined) edit.apply(next);
  };

  return (
    <span className="param-number">
      {slider && (
        <input
          type="range"
          className="nodrag nowheel"
          aria-label={`${common['aria-label']} slider`}
          aria-valuetext={formatNumber(current)}
          data-scale={slider.scale}
          data-min={slider.min}
          data-max={slider.max}
          min={0}
          max={SLIDER_POSITIONS}
          step={1}
          value={sliderPosition(slider, current)}
          onChange={(event) => {
            entry.cancel();
            edit.apply(sliderValue(param, slider, Number(event.target.value)));
          }}
          onKeyDown={(event) => {
            const key = keyStep(event);
            if (key) {
              event.preventDefault();
              step(current, key.direction, key.large);
            } else if (event.key === 'Home' || event.key === 'End') {
              event.preventDefault();
              edit.apply(sliderValue(param, slider, event.key === 'Home' ? 0 : SLIDER_POSITIONS));
            }
          }}
          onPointerUp={edit.finish}
          onKeyUp={edit.finish}
          onBlur={edit.finish}
        />
      )}
      <input
        {...common}
        type="text"
        inputMode="decimal"
        className={`${common.className} param-number-text`}
        value={entry.text}
        onChange={(event) => entry.change(event.target.value)}
        onBlur={entry.leave}
        onKeyDown={(event) => {
          const key = event.key === 'ArrowUp' || event.key === 'ArrowDown' ? keyStep(event) : undefined;
          if (key) {
            // From what is typed, when it is a value.
            event.preventDefault();
            const typed = entry.typed();
            const parsed = typed === undefined ? undefined : parseNumberField(param, typed);
            step(parsed?.ok ? parsed.value : current, key.direction, key.large);
          } else if (event.key === 'Enter') {
            if (entry.enter()) event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            entry.cancel();
            event.currentTarget.blur();
          }
        }}
      />
    </span>
  );
}
