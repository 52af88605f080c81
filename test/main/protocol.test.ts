import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_METHODS, MAX_DOCUMENT_CHARS, checkCall } from '../../src-shared/protocol';

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

  it('checks the files methods\' arguments with the same rules', () => {
    expect(checkCall('openDocument', [{}])).toMatchObject({ ok: true });
    expect(checkCall('openDocument', [{ path: '/home/u/g.convolab.json' }])).toMatchObject({ ok: true });
    expect(checkCall('saveDocument', [{ text: '{}', suggestedName: 'g.convolab.json' }])).toMatchObject({ ok: true });
    expect(checkCall('startup', ['tab_1-a'])).toMatchObject({ ok: true });
    expect(checkCall('setDocumentState', [{ name: 'g', dirty: false }])).toMatchObject({ ok: true });
    expect(checkCall('exportFile', [{ suggestedName: 'a.wav', data: 'UklGRg==' }])).toMatchObject({ ok: true });
    const refused: [string, unknown[], RegExp][] = [
      ['openDocument', [{ path: 'a\0b.json' }], /0\.path: must not contain a NUL/],
      ['openDocument', [{ path: '' }], /0\.path/],
      ['saveDocument', [{ text: 'x', suggestedName: '../up.convolab.json' }], /0\.suggestedName: must be a file name/],
      ['saveDocument', [{ text: 'x', extra: true }], /saveDocument: bad arguments/],
      ['saveDocument', [{ text: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) }], /0\.text/],
      ['startup', ['../../etc'], /0: must be 1 to 64 letters/],
      ['writeBackup', [{ id: 'a/b', text: 'x' }], /0\.id/],
      ['exportFile', [{ suggestedName: 'a.wav', data: 'not base64!' }], /0\.data: must be base64/],
      ['setDocumentState', [{ name: 'g', dirty: 'yes' }], /0\.dirty/],
      ['askToSave', [42], /askToSave: bad arguments/],
      ['closeWindow', [1], /closeWindow: bad arguments/],
    ];
    for (const [method, args, error] of refused) {
      expect(checkCall(method, args), method).toEqual({ ok: false, error: expect.stringMatching(error) });
    }
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...APP_METHODS), fc.string()), fc.anything(), (method, args) => {
        const result = checkCall(method, args);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
