/** Enum and boolean params: a choice applies at once, as one undo entry. */
import type { BooleanParam, EnumParam } from '../../../src-shared/nodes/define';
import type { FieldProps } from './field';

export function EnumField({ param, value, edit, common }: FieldProps<EnumParam>) {
  const shown = value ?? param.default;
  return (
    <select
      {...common}
      value={String(shown)}
      onChange={(event) => {
        const option = param.options.find((o) => String(o) === event.target.value);
        if (option !== undefined) edit.commit(option);
      }}
    >
      {param.options.map((option) => (
        <option key={String(option)} value={String(option)}>
          {String(option)}
        </option>
      ))}
    </select>
  );
}

export function BooleanField({ param, value, edit, common }: FieldProps<BooleanParam>) {
  return (
    <input
      {...common}
      type="checkbox"
      checked={Boolean(value ?? param.default)}
      onChange={(event) => {
        edit.commit(event.target.checked);
      }}
    />
  );
}
