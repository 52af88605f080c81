import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOST_METHODS, checkCall } from '../../src-shared/protocol';

const doc = { format: 'convolab.graph', version: 1, nodes: [{ id: 'a', type: 'source.sequence', params: { values: [1, 2] } }], edges: [] };

describe('protocol argument checks', () => {
  it('accepts well-formed calls of every method', () => {
    expect(checkCall('run', [{ doc }])).toMatchObject({ ok: true, method: 'run' });
    expect(checkCall('run', [{ doc, dirty: ['a'] }])).toMatchObject({ ok: true });
    expect(checkCall('cancel', [3])).toMatchObject({ ok: true, args: [3] });
    expect(checkCall('info', [])).toMatchObject({ ok: true });
  });

  it('names the method and the place of a bad argument', () => {
    expect(checkCall('run', [{ doc: { ...doc, version: 1.5 } }])).toEqual({ ok: false, error: expect.stringMatching(/^run: bad arguments at 0\.doc\.version: /) });
    expect(checkCall('run', [{ doc: { ...doc, nodes: [{ id: '', type: 'x' }] } }])).toMatchObject({ ok: false, error: expect.stringContaining('0.doc.nodes.0.id') });
    expect(checkCall('cancel', [])).toMatchObject({ ok: false });
    expect(checkCall('info', [1])).toMatchObject({ ok: false });
  });

  it('refuses method names that are not part of the API, including prototype keys', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'onEvent', 'dispose', 42, null]) {
      expect(checkCall(name, [])).toMatchObject({ ok: false, error: expect.stringMatching(/^unknown method/) });
    }
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...HOST_METHODS), fc.string()), fc.anything(), (method, args) => {
        const result = checkCall(method, args);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
