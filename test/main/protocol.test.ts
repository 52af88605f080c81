import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { APP_METHODS, MAX_DOCUMENT_CHARS, MAX_TRANSFER_BYTES, checkCall } from '../../src-shared/protocol';

const doc = { format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'source.sequence', params: { values: [1, 2] } }], edges: [] };
const graphText = JSON.stringify(doc, null, 2);

describe('protocol argument checks', () => {
  it('accepts well-formed calls of every method', () => {
    expect(checkCall('run', [{ doc }])).toMatchObject({ ok: true, method: 'run' });
    // A run carries the document only: the engine's memo finds what changed, so no hint is taken.
    expect(checkCall('run', [{ doc, dirty: ['a'] }])).toMatchObject({ ok: false });
    expect(checkCall('cancel', [3])).toMatchObject({ ok: true, args: [3] });
    expect(checkCall('info', [])).toMatchObject({ ok: true });
  });

  it('names the method and the place of a bad argument', () => {
    expect(checkCall('run', [{ doc: { ...doc, version: 1.5 } }])).toEqual({ ok: false, error: expect.stringMatching(/^run: bad arguments at 0\.doc\.version: /) });
    expect(checkCall('run', [{ doc: { ...doc, nodes: [{ id: '', type: 'x' }] } }])).toMatchObject({ ok: false, error: expect.stringContaining('0.doc.nodes.0.id') });
    expect(checkCall('cancel', [])).toMatchObject({ ok: false });
    expect(checkCall('info', [1])).toMatchObject({ ok: false });
  });

  it('checks the teaching views\' calls: port references, response size, profile requests', () => {
    const ref = { node: 'sum', port: 'out' };
    const series = [{ label: 'direct', operation: 'direct', dims: 1 }];
    expect(checkCall('compareValues', [ref, { node: 'x', port: 'sink' }])).toMatchObject({ ok: true });
    expect(checkCall('compareValues', [ref, ref, { maxPoints: 1024 }])).toMatchObject({ ok: true });
    expect(checkCall('frequencyResponse', [ref, { size: 256 }])).toMatchObject({ ok: true });
    expect(checkCall('profile', [{ series, fromLog2: 8, toLog2: 16 }])).toMatchObject({ ok: true });
    expect(checkCall('cancelProfile', [2])).toMatchObject({ ok: true });
    expect(checkCall('compareValues', [ref, { node: 'x' }])).toMatchObject({ ok: false, error: expect.stringContaining('compareValues: bad arguments') });
    expect(checkCall('compareValues', [ref, { ...ref, extra: 1 }])).toMatchObject({ ok: false });
    expect(checkCall('frequencyResponse', [ref, { size: 1e9 }])).toMatchObject({ ok: false });
    expect(checkCall('profile', [{ series, fromLog2: 16, toLog2: 8 }])).toMatchObject({ ok: false, error: expect.stringContaining('toLog2') });
    expect(checkCall('profile', [{ series: [], fromLog2: 8, toLog2: 9 }])).toMatchObject({ ok: false });
    expect(checkCall('profile', [{ series: [{ ...series[0], operation: 'rm -rf' }], fromLog2: 8, toLog2: 9 }])).toMatchObject({ ok: false });
    expect(checkCall('profile', [{ series: [{ ...series[0], dims: 3 }], fromLog2: 8, toLog2: 9 }])).toMatchObject({ ok: false });
    expect(checkCall('profile', [{ series, fromLog2: 8, toLog2: 40 }])).toMatchObject({ ok: false });
  });

  it('refuses method names that are not part of the API, including prototype keys', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'onEvent', 'dispose', 42, null]) {
      expect(checkCall(name, [])).toMatchObject({ ok: false, error: expect.stringMatching(/^unknown method/) });
    }
  });

  it('checks the files methods\' arguments with the same rules', () => {
    expect(checkCall('openDocument', [{}])).toMatchObject({ ok: true });
    expect(checkCall('openDocument', [{ path: '/home/u/g.convolab.json' }])).toMatchObject({ ok: true });
    expect(checkCall('saveDocument', [{ text: graphText, suggestedName: 'g.convolab.json' }])).toMatchObject({ ok: true });
    expect(checkCall('startup', ['tab_1-a'])).toMatchObject({ ok: true });
    expect(checkCall('setDocumentState', [{ name: 'g', dirty: false }])).toMatchObject({ ok: true });
    expect(checkCall('exportFile', [{ suggestedName: 'a.wav', data: Uint8Array.from([82, 73, 70, 70]) }])).toMatchObject({ ok: true });
    expect(checkCall('uploadFile', [{ path: 'a.wav', data: new Uint8Array(MAX_TRANSFER_BYTES) }])).toMatchObject({ ok: true });
    const refused: [string, unknown[], RegExp][] = [
      ['openDocument', [{ path: 'a\0b.json' }], /0\.path: must not contain a NUL/],
      ['openDocument', [{ path: '' }], /0\.path/],
      ['saveDocument', [{ text: graphText, suggestedName: '../up.convolab.json' }], /0\.suggestedName: must be a file name/],
      ['saveDocument', [{ text: 'x', extra: true }], /saveDocument: bad arguments/],
      ['saveDocument', [{ text: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) }], /0\.text/],
      ['startup', ['../../etc'], /0: must be 1 to 64 letters/],
      ['writeBackup', [{ id: 'a/b', text: graphText }], /0\.id/],
      ['saveDocument', [{ text: '{}', path: '/home/u/g.convolab.json' }], /^saveDocument: bad arguments at 0\.text: not a Convolab graph: format: must be "convolab.graph"/],
      ['saveDocument', [{ text: '#!/bin/sh\nrm -rf ~\n' }], /0\.text: not a Convolab graph: line 1, column 1/],
      ['writeBackup', [{ id: 's1', text: JSON.stringify({ ...doc, version: 7 }) }], /0\.text: not a Convolab graph: version 7/],
      ['writeBackup', [{ id: 's1', text: JSON.stringify({ ...doc, nodes: [{ id: 'a', type: 'x', code: 'evil()' }] }) }], /0\.text: not a Convolab graph: nodes\[0\]\.code: unknown key/],
      ['exportFile', [{ suggestedName: 'a.wav', data: 'UklGRg==' }], /0\.data: must be the file's bytes/],
      ['exportFile', [{ suggestedName: 'a.wav', data: new Float32Array(4) }], /0\.data: must be the file's bytes/],
      ['uploadFile', [{ path: 'a.wav', data: new Uint8Array(MAX_TRANSFER_BYTES + 1) }], /0\.data: must be at most 96 MiB/],
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

  it.each<[string, unknown, RegExp]>([
    ['a key nodes do not have', { ...doc, nodes: [{ ...doc.nodes[0], code: 'evil()' }] }, /0\.doc\.nodes\.0: .*code/],
    ['a key files do not have', { ...doc, run: 'rm -rf ~' }, /0\.doc: .*run/],
    ['a key edges do not have', { ...doc, edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'a', targetHandle: 'in', via: 'x' }] }, /0\.doc\.edges\.0: .*via/],
    ['another version of the format', { ...doc, version: 1 }, /0\.doc\.version/],
    ['a position far off the canvas', { ...doc, nodes: [{ ...doc.nodes[0], position: { x: 1e300, y: 0 } }] }, /0\.doc\.nodes\.0\.position\.x/],
    ['a position that is not a number', { ...doc, nodes: [{ ...doc.nodes[0], position: { x: NaN, y: 0 } }] }, /0\.doc\.nodes\.0\.position\.x/],
    ['a zoom of zero', { ...doc, viewport: { x: 0, y: 0, zoom: 0 } }, /0\.doc\.viewport\.zoom/],
    ['an id longer than the file format allows', { ...doc, nodes: [{ ...doc.nodes[0], id: 'x'.repeat(201) }] }, /0\.doc\.nodes\.0\.id/],
    ['a param that is an object', { ...doc, nodes: [{ ...doc.nodes[0], params: { values: { length: 1e12 } } }] }, /0\.doc\.nodes\.0\.params\.values/],
    ['a param of Infinity', { ...doc, nodes: [{ ...doc.nodes[0], params: { values: [1, Infinity] } }] }, /0\.doc\.nodes\.0\.params\.values/],
    ['a meta title that is not text', { ...doc, meta: { title: { toString: 1 } } }, /0\.doc\.meta\.title/],
    ['more nodes than a file may hold', { ...doc, nodes: Array.from({ length: 10_001 }, (_, i) => ({ id: `n${i}`, type: 'source.dice' })) }, /0\.doc\.nodes/],
  ])('refuses a run whose document has %s, as the file format would', (_what, bad, where) => {
    const result = checkCall('run', [{ doc: bad }]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^run: bad arguments at /);
    expect(!result.ok && result.error).toMatch(where);
    expect(!result.ok && result.error).not.toContain('\n');
  });

  it('lets through only what the engine then refuses node by node, while the rest of the graph runs', async () => {
    // Each of these passes the boundary's shape check but breaks a rule that needs the catalog.
    const edge = (id: string, source: string, target: string, targetHandle = 'in') => ({ id, source, sourceHandle: 'out', target, targetHandle });
    const shapely: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 'good', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'goodPlot', type: 'sink.plot' },
        { id: 'unknown', type: 'op.doesNotExist' },
        { id: 'range', type: 'source.dice', params: { faces: -3 } },
        { id: 'wrongType', type: 'source.sequence', params: { values: 'one, two' } },
        { id: 'extraParam', type: 'op.scale', params: { factor: 2, shell: 'rm -rf ~' } },
        { id: 'cycleA', type: 'op.scale' },
        { id: 'cycleB', type: 'op.scale' },
        { id: 'dangling', type: 'op.scale' },
        { id: 'spectrumIntoPlot', type: 'op.fft' },
        { id: 'plot2', type: 'sink.plot' },
      ],
      edges: [
        edge('e1', 'good', 'goodPlot'),
        edge('e2', 'cycleA', 'cycleB'),
        edge('e3', 'cycleB', 'cycleA'),
        edge('e4', 'nobody', 'dangling'),
        edge('e5', 'good', 'spectrumIntoPlot'),
        edge('e6', 'spectrumIntoPlot', 'plot2'),
        edge('e7', 'good', 'extraParam'),
      ],
    };
    const checked = checkCall('run', [{ doc: shapely }]);
    expect(checked.ok).toBe(true);
    const request = (checked.ok ? checked.args[0] : undefined) as { doc: GraphDocument };
    const result = await new Engine().run(request.doc);
    const status = Object.fromEntries(result.reports.map((report) => [report.id, report.status]));
    expect(status).toMatchObject({ good: 'ok', goodPlot: 'ok', unknown: 'error', range: 'error', wrongType: 'error', extraParam: 'error', cycleA: 'error', cycleB: 'error', plot2: 'error' });
    expect(['error', 'skipped']).toContain(status.dangling);
    for (const report of result.reports.filter((r) => r.status !== 'ok')) {
      expect(report.error, report.id).toMatch(/\S/);
      expect(report.error, report.id).not.toContain('\n');
    }
    expect(result.reports.find((r) => r.id === 'extraParam')!.error).toMatch(/shell/);
  });
});
