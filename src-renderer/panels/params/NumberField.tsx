/**
 * A number param: its slider (span from the definition, the same on the node and in the
 * inspector) beside a text field that takes a number or arithmetic ("2+3", "pi/4"). Arrow keys
 * step along the slider's grid (Shift: ten steps, or a decade by decades).
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { NumberParam } from '../../../src-shared/nodes/define';
import { formatNumber, parseNumberField } from './numbers';
import { SLIDER_POSITIONS, sliderOf, sliderPosition, sliderValue, stepValue } from './slider';
import type { FieldProps } from './field';

/** The keys that move a slider, as a step direction; Page keys and Shift are large steps. */
function keyStep(event: KeyboardEvent): { direction: 1 | -1; large: boolean } | undefined {
  const large = event.shiftKey || event.key === 'PageUp' || event.key === 'PageDown';
  if (['ArrowUp', 'ArrowRight', 'PageUp'].includes(event.key)) return { direction: 1, large };
  if (['ArrowDown', 'ArrowLeft', 'PageDown'].includes(event.key)) return { direction: -1, large };
  return undefined;
}

export function NumberField({ param, value, edit, common }: FieldProps<NumberParam>) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  /** The draft as the latest handler left it (a blur right after Escape must not see the old one). */
  const typed = useRef<string | undefined>(undefined);
  const current = typeof value === 'number' ? value : param.default;
  const slider = sliderOf(param);
  const label = common['aria-label'];
  const type = (text: string | undefined): void => {
    typed.current = text;
    setDraft(text);
  };
  const step = (from: number, direction: 1 | -1, large: boolean): void => {
    const next = stepValue(param, slider, from, direction, large);
    type(undefined);
    if (next !== undefined) edit.apply(next);
  };

  return (
    <span className="param-number">
      {slider && (
        <input
          type="range"
          className="nodrag nowheel"
          aria-label={`${label} slider`}
          aria-valuetext={formatNumber(current)}
          data-scale={slider.scale}
          data-min={slider.min}
          data-max={slider.max}
          min={0}
          max={SLIDER_POSITIONS}
          step={1}
          value={sliderPosition(slider, current)}
          onChange={(event) => {
            type(undefined);
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
          onPointerUp={() => edit.finish()}
          onKeyUp={() => edit.finish()}
          onBlur={() => edit.finish()}
        />
      )}
      <input
        {...common}
        type="text"
        inputMode="decimal"
        className={`${common.className} param-number-text`}
        value={draft ?? formatNumber(current)}
        onChange={(event) => {
          type(event.target.value);
          const parsed = parseNumberField(param, event.target.value);
          if (parsed.ok) edit.apply(parsed.value);
          else edit.refuse(parsed.reason);
        }}
        onBlur={() => {
          type(undefined);
          edit.finish(formatNumber(current));
        }}
        onKeyDown={(event) => {
          const key = event.key === 'ArrowUp' || event.key === 'ArrowDown' ? keyStep(event) : undefined;
          if (key) {
            event.preventDefault();
            const parsed = typed.current === undefined ? undefined : parseNumberField(param, typed.current);
            step(parsed?.ok ? parsed.value : current, key.direction, key.large);
          } else if (event.key === 'Enter') {
            event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            type(undefined);
            edit.cancel();
            event.currentTarget.blur();
          }
        }}
      />
    </span>
  );
}
