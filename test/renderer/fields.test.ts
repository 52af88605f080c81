import { describe, expect, it } from 'vitest';
import { countNumbers, formatNumber, parseCell, parseNumberField, parseNumberList, summariseNumbers } from '../../src-renderer/panels/params/numbers';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { NumberParam } from '../../src-shared/nodes/define';

function param(type: string, name: string): NumberParam {
  const found = getNodeDefinition(type)!.params.find((p) => p.name === name);
  if (!found || found.kind !== 'number') throw new Error(`${type}.${name} is not a number param`);
  return found;
}
const sigma = param('kernel.gaussian', 'sigma');
const refused = (result: { ok: boolean; reason?: string; value?: unknown }): string => {
  expect(result.ok, `expected a refusal, got ${JSON.stringify(result)}`).toBe(false);
  return result.reason!;
};

describe('a number field', () => {
  it('takes the whole text, arithmetic included', () => {
    expect(parseNumberField(sigma, '2+3')).toEqual({ ok: true, value: 5 });
    expect(parseNumberField(sigma, 'pi/4')).toEqual({ ok: true, value: Math.PI / 4 });
    expect(parseNumberField(sigma, ' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseNumberField(sigma, 'sqrt(2)*2')).toEqual({ ok: true, value: Math.SQRT2 * 2 });
    expect(parseNumberField(param('op.compare', 'tolerance'), '1e-9')).toEqual({ ok: true, value: 1e-9 });
  });

  it('refuses a decimal comma, saying to use a dot, instead of keeping the 1', () => {
    expect(refused(parseNumberField(sigma, '1,5'))).toBe('“1,5” is not a number: use a dot for decimals (1.5)');
  });

  it('refuses trailing letters, naming the unknown one, instead of keeping the 7', () => {
    expect(refused(parseNumberField(sigma, '7x'))).toBe('“7x” is not a number (x is unknown): type a number, or arithmetic such as 2+3 or pi/4');
    expect(refused(parseNumberField(sigma, '2*sigma'))).toMatch(/sigma is unknown/);
    expect(refused(parseNumberField(sigma, 't'))).toMatch(/t is unknown/);
    // An operator between a number and a constant is needed: 1e is not read as 1·e.
    expect(refused(parseNumberField(sigma, '1e'))).toMatch(/^“1e” is not a complete number: write the exponent too/);
    expect(refused(parseNumberField(sigma, '2pi'))).toMatch(/operator is missing/);
    expect(refused(parseNumberField(sigma, '2+'))).toMatch(/^“2\+” cannot be read/);
  });

  it('refuses a number too large to be finite, with the range, instead of clamping it', () => {
    expect(refused(parseNumberField(sigma, '1e999'))).toBe('“1e999” is not a finite number (too large): type a value above 0, up to 1000');
    expect(refused(parseNumberField(sigma, '1/0'))).toMatch(/not a finite number/);
    expect(refused(parseNumberField(sigma, '0/0'))).toMatch(/has no value/);
  });

  it('refuses values out of range with the range in the message, whole numbers where they must be', () => {
    expect(refused(parseNumberField(sigma, '0'))).toBe('0 is out of range: type a value above 0, up to 1000');
    expect(refused(parseNumberField(sigma, '5000'))).toBe('5000 is out of range: type a value above 0, up to 1000');
    expect(refused(parseNumberField(param('source.sequence', 'rate'), '-5'))).toBe('-5 is out of range: type a value from 1e-6 to 1e9');
    expect(refused(parseNumberField(param('kernel.box', 'size'), '2.5'))).toBe('2.5 is not a whole number: type a whole number from 1 to 4096');
    expect(refused(parseNumberField(param('kernel.ramp', 'size'), '4'))).toBe('must be odd (got 4)');
    expect(refused(parseNumberField(sigma, ''))).toBe('type a value above 0, up to 1000');
  });
});

describe('a list field', () => {
  it('takes numbers separated by commas or spaces, with arithmetic in an item', () => {
    expect(parseNumberList('1, 2, 3', false)).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseNumberList('1 -2 1', false)).toEqual({ ok: true, value: [1, -2, 1] });
    expect(parseNumberList('1 - 2, 2+3, pi', false)).toEqual({ ok: true, value: [-1, 5, Math.PI] });
    expect(parseNumberList('[1, 2]', false)).toEqual({ ok: true, value: [1, 2] });
    expect(parseNumberList('1, 2, 3,', false)).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseNumberList('', false)).toEqual({ ok: true, value: [] });
    expect(parseNumberList('1 2 1; 2 4 2', true)).toEqual({ ok: true, value: [[1, 2, 1], [2, 4, 2]] });
  });

  it('refuses the whole list for one bad item, naming it, instead of keeping the items before it', () => {
    expect(refused(parseNumberList('1, 2, banana', false))).toBe(
      'item 3, “banana”, is not a number (banana is unknown): type numbers separated by commas, such as 1, 2.5, 2+3',
    );
    expect(refused(parseNumberList('1e400, 2', false))).toMatch(/^item 1, “1e400”, is not a finite number/);
    expect(refused(parseNumberList('1 2 1\n2 x 2', true))).toMatch(/^row 2, item 2, “x”, is not a number \(x is unknown\)/);
  });

  it('refuses a matrix cell that is not a number, naming the cell', () => {
    expect(parseCell('2*3', 'row 1, column 2')).toEqual({ ok: true, value: 6 });
    expect(refused(parseCell('7x', 'row 1, column 2'))).toBe('row 1, column 2, “7x”, is not a number (x is unknown): type a number, or arithmetic such as 2+3 or pi/4');
    expect(refused(parseCell('', 'row 2, column 1'))).toMatch(/^row 2, column 1 is empty/);
  });
});

describe('number formatting', () => {
  it('shows tiny values in exponent form and others as plain numbers, to six digits', () => {
    expect(formatNumber(1e-6)).toBe('1e-6');
    expect(formatNumber(1.78e-8)).toBe('1.78e-8');
    expect(formatNumber(-2.5e-4)).toBe('-2.5e-4');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(48000)).toBe('48000');
    expect(formatNumber(4294967295)).toBe('4294967295');
    for (const value of [1e-6, 1.78e-8, 0.0123456789, 3.14159265]) expect(Math.abs(Number(formatNumber(value)) / value - 1)).toBeLessThan(5e-6);
  });
});

describe('a long list\'s summary', () => {
  it('counts the numbers of a list, a list of rows and a list of planes', () => {
    expect(countNumbers([1, 2, 3])).toBe(3);
    expect(countNumbers([[1, 2], [3, 4], [5, 6]])).toBe(6);
    expect(countNumbers([[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]])).toBe(12);
    expect(countNumbers(undefined)).toBe(0);
    expect(countNumbers(2)).toBe(0);
  });

  it('says how many, their shape, the first four and the last, as the field shows numbers', () => {
    const long = Array.from({ length: 1_000_000 }, (_, i) => i / 3);
    expect(summariseNumbers(long)).toBe('1,000,000 numbers: 0, 0.333333, 0.666667, 1, …, 333333');
    const rows = Array.from({ length: 200 }, (_, r) => Array.from({ length: 100 }, (_, c) => r * 100 + c));
    expect(summariseNumbers(rows)).toBe('20,000 numbers (200 rows of 100): 0, 1, 2, 3, …, 19999');
    const planes = Array.from({ length: 3 }, (_, p) => Array.from({ length: 40 }, (_, r) => Array.from({ length: 100 }, (_, c) => p + r + c)));
    expect(summariseNumbers(planes)).toBe('12,000 numbers (3 planes of 40 × 100): 0, 1, 2, 3, …, 140');
  });
});
