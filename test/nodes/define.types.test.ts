/**
 * A definition types its own params: `compute` receives an object whose properties follow from the
 * `params` declaration, so a misspelt name or a wrong use does not compile. `tsc -b` checks this
 * file (tsconfig.test.json): each `@ts-expect-error` fails the type check if its line compiles.
 * The runtime half checks that what the engine hands compute (`resolveParams`) holds what the
 * types promise, for every registered node.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CONVOLVE_PARAMS, convolveValues, type ConvolveParams } from '../../src-shared/nodes/convolution';
import { convolveImages } from '../../src-shared/nodes/convolution2d';
import { convolveVolumes } from '../../src-shared/nodes/convolution3d';
import { defineNode, ok, resolveParams, type ParamDefinition, type ParamsOf, type ResolvedParams } from '../../src-shared/nodes/define';
import { NODE_DEFINITIONS } from '../../src-shared/nodes/registry';

const seen: unknown[] = [];

const probe = defineNode({
  type: 'test.probe',
  title: 'Probe',
  category: 'operation',
  doc: 'Declares one param of every kind.',
  inputs: [],
  outputs: [],
  params: [
    { kind: 'number', name: 'size', default: 3, min: 1 },
    { kind: 'enum', name: 'mode', options: ['full', 'same', 'valid'], default: 'full' },
    { kind: 'enum', name: 'dims', options: ['auto', 1, 2], default: 'auto' },
    { kind: 'boolean', name: 'normalize', default: true },
    { kind: 'string', name: 'expression', default: 'sin(t)' },
    { kind: 'path', name: 'path', default: '', extensions: ['wav'] },
    { kind: 'list', name: 'values', default: [1, 2, 3] },
    { kind: 'list', name: 'weights', default: undefined },
    { kind: 'matrix', name: 'kernel', default: [[1]] },
  ],
  checkParams(params) {
    expectTypeOf(params.size).toEqualTypeOf<number>();
    // @ts-expect-error a misspelt param in checkParams does not compile either
    void params.sise;
    return undefined;
  },
  display: {
    // @ts-expect-error a display option cannot take a value its type does not allow (mode is no plot style)
    plot(params) {
      expectTypeOf(params.mode).toEqualTypeOf<'full' | 'same' | 'valid'>();
      return { style: params.mode, x: 'index' };
    },
  },
  compute(_inputs, params) {
    expectTypeOf(params.size).toEqualTypeOf<number>();
    expectTypeOf(params.mode).toEqualTypeOf<'full' | 'same' | 'valid'>();
    expectTypeOf(params.dims).toEqualTypeOf<'auto' | 1 | 2>();
    expectTypeOf(params.normalize).toEqualTypeOf<boolean>();
    expectTypeOf(params.expression).toEqualTypeOf<string>();
    expectTypeOf(params.path).toEqualTypeOf<string>();
    expectTypeOf(params.values).toEqualTypeOf<number[]>();
    // A list whose default is undefined stays out of the resolved params until the user sets it.
    expectTypeOf(params.weights).toEqualTypeOf<number[] | undefined>();
    expectTypeOf(params.kernel).toEqualTypeOf<number[] | number[][] | number[][][]>();
    // @ts-expect-error a misspelt param name does not compile
    void params.sise;
    // @ts-expect-error an enum is compared only with its own options
    void (params.mode === 'ful');
    // @ts-expect-error a number param is not a string
    void (() => params.size.toUpperCase());
    seen.push(params);
    return ok({});
  },
});

describe('defineNode params types', () => {
  it('hands compute the declared params, defaults filled in', async () => {
    seen.length = 0;
    const context = { progress() {}, checkCancelled() {}, reserve() {}, readFile: () => Promise.reject(new Error('no files')) };
    await probe.compute({}, resolveParams(probe, { size: 5 }), context);
    expect(seen).toEqual([{ size: 5, mode: 'full', dims: 'auto', normalize: true, expression: 'sin(t)', path: '', values: [1, 2, 3], kernel: [[1]] }]);
  });

  it('an untyped declaration (the registry view) gives the untyped record', () => {
    expectTypeOf<ParamsOf<readonly ParamDefinition[]>>().toEqualTypeOf<Readonly<Record<string, number | string | boolean | number[] | number[][] | number[][][]>>>();
  });

  it('the shared convolution helpers take the typed params of op.convolve and op.correlate', () => {
    expectTypeOf<ConvolveParams>().toEqualTypeOf<ParamsOf<typeof CONVOLVE_PARAMS>>();
    expectTypeOf<ConvolveParams['method']>().toEqualTypeOf<'auto' | 'direct' | 'fft' | 'overlap-add'>();
    expectTypeOf<ConvolveParams['stride']>().toEqualTypeOf<number>();
    // Not the untyped record: a helper that went back to looking names up by string fails here.
    expectTypeOf(convolveValues).parameter(2).toEqualTypeOf<ConvolveParams>();
    expectTypeOf(convolveImages).parameter(2).toEqualTypeOf<ConvolveParams>();
    expectTypeOf(convolveVolumes).parameter(2).toEqualTypeOf<ConvolveParams>();
    expectTypeOf<ResolvedParams>().not.toMatchTypeOf<Parameters<typeof convolveImages>[2]>();
  });

  // The types above promise what each kind holds; every registered node's defaults keep it.
  it.each(NODE_DEFINITIONS.map((definition) => [definition.type, definition] as const))('%s resolves each param to its kind', (_type, definition) => {
    const params = resolveParams(definition, undefined);
    for (const param of definition.params) {
      const value = params[param.name];
      const where = `${definition.type}.${param.name}`;
      switch (param.kind) {
        case 'number':
          expect(typeof value, where).toBe('number');
          break;
        case 'enum':
          expect(param.options, where).toContain(value);
          break;
        case 'boolean':
          expect(typeof value, where).toBe('boolean');
          break;
        case 'string':
        case 'path':
          expect(typeof value, where).toBe('string');
          break;
        case 'list':
          if (param.default === undefined) expect(Object.hasOwn(params, param.name), where).toBe(false);
          else expect(Array.isArray(value) && value.every((v) => typeof v === 'number'), where).toBe(true);
          break;
        case 'matrix':
          expect(Array.isArray(value), where).toBe(true);
          break;
      }
    }
  });
});
