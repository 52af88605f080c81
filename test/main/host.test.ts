import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostEvent } from '../../src-shared/protocol';
import { nodeResults, type NodeResult } from '../node-results';
import { writeWav } from '../../src-shared/io/wav';

const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
});

function makeHost(options: Partial<ConstructorParameters<typeof EngineHost>[0]> = {}): { host: EngineHost; events: HostEvent[] } {
  const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test', ...options });
  hosts.push(host);
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  return { host, events };
}

function waitFor(events: HostEvent[], predicate: (event: HostEvent) => boolean, timeoutMs = 240_000): Promise<HostEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const found = events.find(predicate);
      if (found) resolve(found);
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out; saw ${events.map((e) => e.kind).join(',')}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

const sequenceToPlot = (values: number[]): GraphDocument => ({
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'seq', type: 'source.sequence', params: { values } },
    { id: 'plot', type: 'sink.plot' },
  ],
  edges: [{ id: 'e1', source: 'seq', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
});

describe('EngineHost', () => {
  it('sends a cached node\'s previews once: later runs name them by version, and a page that asks for all gets all', async () => {
    const { host, events } = makeHost();
    const twoChains = (first: number[]): GraphDocument => ({
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 'seq', type: 'source.sequence', params: { values: first } },
        { id: 'plot', type: 'sink.plot' },
        { id: 'other', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'otherPlot', type: 'sink.plot' },
      ],
      edges: [
        { id: 'e1', source: 'seq', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
        { id: 'e2', source: 'other', sourceHandle: 'out', target: 'otherPlot', targetHandle: 'in' },
      ],
    });
    const doneOf = async (runId: number): Promise<Map<string, NodeResult>> => {
      await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
      return new Map(nodeResults(events).flatMap((e) => (e.runId === runId ? [[e.report.id, e] as const] : [])));
    };
    const first = await doneOf((await host.run({ doc: twoChains([4, -2, 7]), resend: true })).runId);
    expect([...first.values()].every((e) => e.previews !== undefined)).toBe(true);

    const second = await doneOf((await host.run({ doc: twoChains([5, 5]) })).runId);
    // The changed chain comes with its new previews under new versions ...
    expect(second.get('plot')?.previews?.sink).toMatchObject({ kind: 'signal', length: 2 });
    expect(second.get('plot')?.previewVersion).not.toBe(first.get('plot')?.previewVersion);
    // ... the unchanged one by the versions its previews were sent under, without them.
    expect(second.get('otherPlot')).toMatchObject({ report: { cached: true }, previewVersion: first.get('otherPlot')?.previewVersion });
    expect(second.get('otherPlot')?.previews).toBeUndefined();
    expect(second.get('other')?.previews).toBeUndefined();

    // A page that has none (a reload) asks again and gets every node's.
    const third = await doneOf((await host.run({ doc: twoChains([5, 5]), resend: true })).runId);
    expect(third.get('otherPlot')?.previews?.sink).toMatchObject({ kind: 'signal', length: 2 });
    expect(third.get('plot')?.previews).toBeDefined();
  });

  it.each([
    ['this run\'s bundle of the worker source, as every other host here (test/source-workers.ts)', undefined],
    ['its source, bundled as it starts (worker-source.mjs: the CLI from source, the development server)', new URL('../../src-main/host/worker-source.mjs', import.meta.url)],
  ])('runs a graph in its worker started from %s and reports each node with a preview of its value', async (_from, workerUrl) => {
    const { host, events } = makeHost(workerUrl ? { workerUrl } : {});
    const { runId } = await host.run({ doc: sequenceToPlot([4, -2, 7]) });
    const end = await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    expect(end).toMatchObject({ status: 'done' });
    const done = nodeResults(events);
    expect(done.map((e) => e.report.id)).toEqual(['seq', 'plot']);
    const preview = done[1].previews?.sink;
    expect(preview).toMatchObject({ kind: 'signal', length: 3, lo: -2, hi: 7 });
    expect(preview && preview.kind === 'signal' ? [...preview.max] : []).toEqual([4, -2, 7]);
  });

  it('hands out an image or 2-D spectrum larger than maxSide as the mean of each factor × factor block', async () => {
    const { host, events } = makeHost();
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 'image', type: 'source.testImage', params: { pattern: 'noise', size: 50 } },
        { id: 'fft', type: 'op.fft2d' },
      ],
      edges: [{ id: 'e1', source: 'image', sourceHandle: 'out', target: 'fft', targetHandle: 'in' }],
    };
    const { runId } = await host.run({ doc });
    // A bound against a hang, not a speed: a worker starting on a busy machine takes its time.
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    for (const id of ['image', 'fft']) {
      const full = await host.getValue(id, 'out', { maxSide: 4096 });
      const small = await host.getValue(id, 'out', { maxSide: 20 });
      if (full?.kind !== 'image' || small?.kind !== 'image') throw new Error(`${id}: not an image`);
      // 50 pixels over at most 20: blocks of 3, the last 2 wide.
      expect(small).toMatchObject({ fullWidth: 50, fullHeight: 50, width: 17, height: 17, fromSpectrum: id === 'fft' });
      const pixels = full.data;
      const means = small.data;
      for (let ty = 0; ty < 17; ty++) {
        for (let tx = 0; tx < 17; tx++) {
          let sum = 0;
          let count = 0;
          for (let y = 3 * ty; y < Math.min(50, 3 * ty + 3); y++) for (let x = 3 * tx; x < Math.min(50, 3 * tx + 3); x++, count++) sum += pixels[y * 50 + x];
          expect(means[ty * 17 + tx]).toBeCloseTo(sum / count, id === 'image' ? 6 : 3);
        }
      }
    }
  });

  it('hands out a node\'s full value from its memo, strided when longer than asked', async () => {
    const { host, events } = makeHost();
    const { runId } = await host.run({ doc: sequenceToPlot([4, -2, 7, 1, 0.5]) });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const full = await host.getValue('seq', 'out');
    expect(full).toMatchObject({ kind: 'signal', length: 5, step: 1, start: 0, rate: 1 });
    expect(full?.kind === 'signal' ? [...full.data] : []).toEqual([4, -2, 7, 1, 0.5]);
    expect(await host.getValue('plot', 'sink', { maxSamples: 2 })).toMatchObject({ kind: 'signal', length: 5, step: 3 });
    expect(await host.getValue('nobody', 'out')).toBeUndefined();
  });

  it('sends previews from its worker as float32, each the value\'s double rounded once, while the value stays double', async () => {
    const { host, events } = makeHost();
    const values = [0.1, 1 / 3, -2.5e-7, 123456.789, 7];
    const doc: GraphDocument = {
      ...sequenceToPlot(values),
      nodes: [...sequenceToPlot(values).nodes, { id: 'fft', type: 'op.fft' }],
      edges: [...sequenceToPlot(values).edges, { id: 'e2', source: 'seq', sourceHandle: 'out', target: 'fft', targetHandle: 'in' }],
    };
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const previewOf = (id: string, port: string) => nodeResults(events).findLast((e) => e.report.id === id)?.previews?.[port];
    const signal = previewOf('seq', 'out');
    if (signal?.kind !== 'signal') throw new Error(`expected a signal preview, got ${signal?.kind}`);
    expect(signal.min).toBeInstanceOf(Float32Array);
    expect(signal.max).toBeInstanceOf(Float32Array);
    expect([...signal.max]).toEqual(values.map(Math.fround));
    expect([signal.lo, signal.hi]).toEqual([Math.min(...values), Math.max(...values)]);
    const sink = previewOf('plot', 'sink');
    expect(sink?.kind === 'signal' ? [...sink.min] : []).toEqual(values.map(Math.fround));
    const full = await host.getValue('seq', 'out');
    expect(full?.kind === 'signal' ? full.data : undefined).toEqual(Float64Array.from(values));
    const spectrum = previewOf('fft', 'out');
    const transform = await host.getValue('fft', 'out');
    if (spectrum?.kind !== 'spectrum' || transform?.kind !== 'spectrum') throw new Error('expected a spectrum');
    expect(spectrum.magnitude).toBeInstanceOf(Float32Array);
    expect(spectrum.phase).toBeInstanceOf(Float32Array);
    expect(transform.re).toBeInstanceOf(Float64Array);
    expect([...spectrum.magnitude]).toEqual(Array.from(transform.re, (re, k) => Math.fround(Math.hypot(re, transform.im[k]!))));
    expect([...spectrum.phase]).toEqual(Array.from(transform.re, (re, k) => Math.fround(Math.atan2(transform.im[k]!, re))));
  });

  it('reuses cached outputs on the next run when nothing changed', async () => {
    const { host, events } = makeHost();
    const first = await host.run({ doc: sequenceToPlot([1, 2]) });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === first.runId);
    const second = await host.run({ doc: sequenceToPlot([1, 2]) });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === second.runId);
    const reports = nodeResults(events).flatMap((e) => (e.runId === second.runId ? [e.report] : []));
    expect(reports.map((r) => r.cached)).toEqual([true, true]);
  });

  it('lets the newest run supersede older ones, which end cancelled or done but never after it', async () => {
    const { host, events } = makeHost();
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await host.run({ doc: sequenceToPlot([i]) })).runId);
    const last = ids[ids.length - 1];
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === last);
    const ends = events.filter((e) => e.kind === 'runEnd');
    expect(ends.at(-1)).toMatchObject({ runId: last, status: 'done' });
    expect(ends.filter((e) => e.kind === 'runEnd' && e.status === 'cancelled').length).toBeGreaterThan(0);
    const lastPlot = nodeResults(events).findLast((e) => e.report.id === 'plot');
    expect(lastPlot?.previews?.sink).toMatchObject({ max: Float32Array.from([5]) });
  });

  it('replaces a worker that dies, says so, and runs the last graph again', async () => {
    const { host, events } = makeHost();
    const { runId } = await host.run({ doc: sequenceToPlot([9, 8]) });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    events.length = 0;
    host.killWorkerForTest();
    const notice = await waitFor(events, (e) => e.kind === 'notice');
    expect(notice).toMatchObject({ level: 'error' });
    expect(notice.kind === 'notice' ? notice.message : '').toMatch(/worker stopped.*ran the graph again/);
    await waitFor(events, (e) => e.kind === 'runEnd' && e.status === 'done');
    expect(host.restarts).toBe(1);
    expect(nodeResults(events).some((e) => e.report.id === 'plot' && e.report.status === 'ok')).toBe(true);
  });

  it('replaces a worker whose node ignores cancellation past the grace period', async () => {
    const { host, events } = makeHost({ workerUrl: new URL('./fixtures/stuck-worker.mjs', import.meta.url), cancelGraceMs: 200 });
    const first = await host.run({ doc: sequenceToPlot([1]) });
    await waitFor(events, (e) => e.kind === 'runStart' && e.runId === first.runId);
    await host.run({ doc: sequenceToPlot([2]) });
    const notice = await waitFor(events, (e) => e.kind === 'notice');
    expect(notice.kind === 'notice' ? notice.message : '').toMatch(/ignored cancellation for 200 ms/);
    expect(events.some((e) => e.kind === 'runEnd' && e.runId === first.runId && e.status === 'failed')).toBe(true);
    expect(host.restarts).toBeGreaterThanOrEqual(1);
  });

  it('gives up after repeated failed starts instead of restarting forever', async () => {
    const { events } = makeHost({ workerUrl: new URL('./fixtures/no-such-worker.mjs', import.meta.url) });
    await waitFor(events, (e) => e.kind === 'notice' && /gave up/.test(e.message));
    const notices = events.filter((e) => e.kind === 'notice');
    expect(notices.length).toBe(4);
  });
  it('reads relative paths from the open document\'s folder, and from the new one after setBaseDir', async () => {
    const base = mkdtempSync(join(tmpdir(), 'convolab-basedir-'));
    for (const [folder, values] of [['a', [0.25, 0.5]], ['b', [-0.5, 0.75, 1]]] as const) {
      mkdirSync(join(base, folder));
      const wav = writeWav([values], 8000);
      if (!wav.ok) throw new Error(wav.error);
      writeFileSync(join(base, folder, 'tone.wav'), wav.value);
    }
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [{ id: 'tone', type: 'source.audio', params: { path: 'tone.wav' } }],
      edges: [],
    };
    const { host, events } = makeHost({ baseDir: join(base, 'a') });
    const first = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === first.runId);
    expect(await host.getValue('tone', 'out')).toMatchObject({ kind: 'signal', length: 2 });
    host.setBaseDir(join(base, 'b'));
    // The same document: only the folder changed, and the cached output must not be reused.
    const second = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === second.runId);
    expect(await host.getValue('tone', 'out')).toMatchObject({ kind: 'signal', length: 3 });
  });

});

describe('EngineHost in browser mode: path params stay in the served folder', () => {
  function servedFolderWithSecrets() {
    const base = mkdtempSync(join(tmpdir(), 'convolab-confine-'));
    const served = join(base, 'served');
    mkdirSync(join(served, 'sub'), { recursive: true });
    const wav = (values: number[]) => {
      const encoded = writeWav([values], 8000);
      if (!encoded.ok) throw new Error(encoded.error);
      return encoded.value;
    };
    writeFileSync(join(served, 'tone.wav'), wav([0.25, 0.5]));
    writeFileSync(join(served, 'sub', 'deep.wav'), wav([0.125]));
    writeFileSync(join(base, 'secret.wav'), wav([0.75, 0.75, 0.75]));
    symlinkSync(join(base, 'secret.wav'), join(served, 'link.wav'));
    symlinkSync(base, join(served, 'up'));
    return { base, served };
  }

  const audio = (id: string, path: string) => ({ id, type: 'source.audio', params: { path } });

  it('reads files inside, refuses every way out with a one-line node error, and writes nothing', async () => {
    const { base, served } = servedFolderWithSecrets();
    const out = join(base, 'written.npy');
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [
        audio('relative', 'tone.wav'),
        audio('absoluteInside', join(served, 'sub', 'deep.wav')),
        audio('parent', '../secret.wav'),
        audio('absoluteOutside', join(base, 'secret.wav')),
        audio('system', '/etc/passwd'),
        audio('dotted', 'sub/../../secret.wav'),
        audio('link', 'link.wav'),
        audio('linkedFolder', 'up/secret.wav'),
        audio('encoded', '%2e%2e/secret.wav'),
        { id: 'image', type: 'source.image', params: { path: join(base, 'secret.wav') } },
        { id: 'sink', type: 'sink.file', params: { path: out } },
      ],
      edges: [{ id: 'e1', source: 'relative', sourceHandle: 'out', target: 'sink', targetHandle: 'in' }],
    };
    const { host, events } = makeHost({ baseDir: served, confineFilesTo: served });
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const reports = new Map(nodeResults(events).map((e) => [e.report.id, e.report] as const));
    expect(reports.get('relative')).toMatchObject({ status: 'ok' });
    expect(reports.get('absoluteInside')).toMatchObject({ status: 'ok' });
    expect(await host.getValue('absoluteInside', 'out')).toMatchObject({ kind: 'signal', length: 1 });
    const outside = /^cannot read .*: outside the served folder: convolab serve reads only files in the folder it serves$/;
    for (const id of ['parent', 'absoluteOutside', 'system', 'dotted', 'image']) {
      expect(reports.get(id), id).toMatchObject({ status: 'error', error: expect.stringMatching(outside) });
    }
    for (const id of ['link', 'linkedFolder']) {
      expect(reports.get(id), id).toMatchObject({ status: 'error', error: expect.stringMatching(/^cannot read .*: leads outside the served folder$/) });
    }
    expect(reports.get('encoded')).toMatchObject({ status: 'error', error: expect.stringMatching(/no such file$/) });
    expect(reports.get('sink')).toMatchObject({ status: 'ok', info: expect.stringMatching(/^not written here: convolab run writes /) });
    for (const report of reports.values()) expect(report.error ?? '').not.toContain('\n');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(base).sort()).toEqual(['secret.wav', 'served']);
  });

  it('reads the same file outside when not confined, as the desktop app does', async () => {
    const { base, served } = servedFolderWithSecrets();
    const doc: GraphDocument = { format: 'convolab.graph', version: 2, nodes: [audio('absoluteOutside', join(base, 'secret.wav'))], edges: [] };
    const { host, events } = makeHost({ baseDir: served });
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    expect(await host.getValue('absoluteOutside', 'out')).toMatchObject({ kind: 'signal', length: 3 });
  });
});

describe('EngineHost under faults', () => {
  const chain = (values: number[], length: number, lengthB: number, method: string, extra: GraphDocument['nodes'] = [], extraEdges: GraphDocument['edges'] = []): GraphDocument => ({
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'seqA', type: 'source.sequence', params: { values } },
      { id: 'seqB', type: 'source.sequence', params: { values: values.map((v) => -v) } },
      { id: 'a', type: 'op.pad', params: { length } },
      { id: 'b', type: 'op.pad', params: { length: lengthB } },
      { id: 'conv', type: 'op.convolve', params: { method } },
      { id: 'plot', type: 'sink.plot' },
      ...extra,
    ],
    edges: [
      { id: 'e1', source: 'seqA', sourceHandle: 'out', target: 'a', targetHandle: 'in' },
      { id: 'e2', source: 'seqB', sourceHandle: 'out', target: 'b', targetHandle: 'in' },
      { id: 'e3', source: 'a', sourceHandle: 'out', target: 'conv', targetHandle: 'a' },
      { id: 'e4', source: 'b', sourceHandle: 'out', target: 'conv', targetHandle: 'b' },
      { id: 'e5', source: 'conv', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
      ...extraEdges,
    ],
  });

  // Cancellation is asserted by what it prevents, never by how many milliseconds it took (a busy CI
  // machine stretches any bound): the runaway ends cancelled and its node never completes. That
  // the pool stops dispatching bands, at most one more per thread, is counted in
  // test/dsp/parallel.test.ts; the latency is measured by `npm run bench`.
  it('cancels a runaway 2-D convolution split over the band threads (2048² × 101², direct) when a newer run arrives', async () => {
    const { host, events } = makeHost();
    const doc: GraphDocument = {
      format: 'convolab.graph', version: 2,
      nodes: [
        { id: 'image', type: 'source.testImage', params: { pattern: 'noise', size: 2048 } },
        { id: 'kernel', type: 'kernel.box', params: { size: 101 } },
        { id: 'conv', type: 'op.convolve', params: { method: 'direct', mode: 'same' } },
      ],
      edges: [
        { id: 'e1', source: 'image', sourceHandle: 'out', target: 'conv', targetHandle: 'a' },
        { id: 'e2', source: 'kernel', sourceHandle: 'out', target: 'conv', targetHandle: 'b' },
      ],
    };
    // About 4·10^10 multiply-adds: seconds even on both cores; a band is 16 rows, ~3·10^8.
    const runaway = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'nodeStart' && e.runId === runaway.runId && e.id === 'conv');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const newer = await host.run({ doc: sequenceToPlot([1, 2]) });
    // Left to finish, the convolution would end 'done' (tens of seconds): the status tells.
    const cancelled = await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runaway.runId);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === newer.runId && e.status === 'done');
    expect(host.restarts).toBe(0);
    expect(nodeResults(events).some((e) => e.runId === runaway.runId && e.report.id === 'conv')).toBe(false);
  });

  it('cancels a runaway node (direct convolution of 2^20 × 2^20) when a newer run arrives, without replacing the worker', async () => {
    const { host, events } = makeHost();
    // About 10^12 multiply-adds: the better part of an hour if it were left to finish.
    const runaway = await host.run({ doc: chain([1, 2, 3], 2 ** 20, 2 ** 20, 'direct') });
    await waitFor(events, (e) => e.kind === 'nodeStart' && e.runId === runaway.runId && e.id === 'conv');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const newer = await host.run({ doc: sequenceToPlot([1, 2]) });
    // Left to finish it would run for most of an hour: a cancelled status within the wait is the proof.
    const cancelled = await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runaway.runId);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === newer.runId && e.status === 'done');
    expect(host.restarts).toBe(0);
    expect(nodeResults(events).some((e) => e.runId === runaway.runId && e.report.id === 'conv')).toBe(false);
  });

  it('reads only regular files where it may read anywhere (the desktop): /dev/zero is refused on its node, not read until memory runs out', async () => {
    const { host, events } = makeHost();
    const doc: GraphDocument = {
      format: 'convolab.graph', version: 2,
      nodes: [
        { id: 'zero', type: 'source.audio', params: { path: '/dev/zero' } },
        { id: 'seq', type: 'source.sequence', params: { values: [1, 2] } },
      ],
      edges: [],
    };
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const reports = new Map(nodeResults(events).flatMap((e) => (e.runId === runId ? [[e.report.id, e.report] as const] : [])));
    expect(reports.get('zero')).toMatchObject({ status: 'error', error: expect.stringMatching(/not a regular file/) });
    expect(reports.get('seq')?.status).toBe('ok');
  });

  it('survives its worker being killed mid-run: says so, starts a new one, and the graph re-runs intact', async () => {
    // The same convolution by the direct sum and by FFT, compared: the re-run must agree.
    const checked = chain([0.5, -1, 2, 0.25], 2 ** 15, 2 ** 13, 'direct', [
      { id: 'byFft', type: 'op.convolve', params: { method: 'fft' } },
      { id: 'compare', type: 'op.compare', params: { tolerance: 1e-9 } },
      { id: 'table', type: 'sink.value' },
    ], [
      { id: 'e6', source: 'a', sourceHandle: 'out', target: 'byFft', targetHandle: 'a' },
      { id: 'e7', source: 'b', sourceHandle: 'out', target: 'byFft', targetHandle: 'b' },
      { id: 'e8', source: 'conv', sourceHandle: 'out', target: 'compare', targetHandle: 'a' },
      { id: 'e9', source: 'byFft', sourceHandle: 'out', target: 'compare', targetHandle: 'b' },
      { id: 'e10', source: 'compare', sourceHandle: 'out', target: 'table', targetHandle: 'in' },
    ]);
    const { host, events } = makeHost();
    const killed = await host.run({ doc: checked });
    await waitFor(events, (e) => e.kind === 'nodeStart' && e.runId === killed.runId && e.id === 'conv');
    host.killWorkerForTest();
    const end = await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === killed.runId);
    expect(end).toMatchObject({ status: 'failed', error: expect.stringMatching(/worker stopped/) });
    const notice = await waitFor(events, (e) => e.kind === 'notice');
    expect(notice).toMatchObject({ level: 'error', message: expect.stringMatching(/^the engine worker stopped \(exit code \d+\); started a new one and ran the graph again$/) });
    const rerun = (await waitFor(events, (e) => e.kind === 'runEnd' && e.runId > killed.runId)) as Extract<HostEvent, { kind: 'runEnd' }>;
    expect(rerun).toMatchObject({ status: 'done' });
    const reports = nodeResults(events).flatMap((e) => (e.runId === rerun.runId ? [e.report] : []));
    expect(reports.map((report) => `${report.id}:${report.status}`).sort()).toEqual(checked.nodes.map((node) => `${node.id}:ok`).sort());
    const table = nodeResults(events).find((e) => e.runId === rerun.runId && e.report.id === 'table');
    expect(table?.previews?.sink).toMatchObject({ kind: 'value', fields: { match: 1 } });
    expect(await host.getValue('conv', 'out')).toMatchObject({ kind: 'signal', length: 2 ** 15 + 2 ** 13 - 1 });
    expect(host.restarts).toBe(1);
  });

  it('refuses an allocation over its limit with a message naming the node and the size, and runs the rest', async () => {
    const { host, events } = makeHost({ memoryLimit: 4 * 1024 * 1024 });
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 'bigImage', type: 'source.testImage', params: { pattern: 'disk', size: 2048 } },
        { id: 'seq', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'hugePad', type: 'op.pad', params: { length: 2 ** 40 } },
        { id: 'plot', type: 'sink.plot' },
        { id: 'small', type: 'source.sequence', params: { values: [3] } },
        { id: 'smallPlot', type: 'sink.plot' },
      ],
      edges: [
        { id: 'e1', source: 'seq', sourceHandle: 'out', target: 'hugePad', targetHandle: 'in' },
        { id: 'e2', source: 'hugePad', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
        { id: 'e3', source: 'small', sourceHandle: 'out', target: 'smallPlot', targetHandle: 'in' },
      ],
    };
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const reports = new Map(nodeResults(events).map((e) => [e.report.id, e.report] as const));
    expect(reports.get('bigImage')).toMatchObject({ status: 'error', error: expect.stringMatching(/^(?!node )[^:]*16\.0 MiB, over the 4\.0 MiB limit: use smaller inputs or sizes$/) });
    expect(reports.get('hugePad')).toMatchObject({ status: 'error', error: 'padding to 1099511627776 samples would need 8.0 TiB, over the 4.0 MiB limit: use smaller inputs or sizes' });
    expect(reports.get('plot')).toMatchObject({ status: 'skipped' });
    expect(reports.get('smallPlot')).toMatchObject({ status: 'ok' });
    expect(host.restarts).toBe(0);
  });
});

describe('EngineHost for the teaching views', () => {
  const theorem: GraphDocument = {
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'a', type: 'source.sequence', params: { values: [1, 2, 3] } },
      { id: 'b', type: 'source.sequence', params: { values: [1, 2.5, 3], start: 1 } },
      { id: 'gauss', type: 'kernel.gaussian', params: { dims: 1, sigma: 1 } },
    ],
    edges: [],
  };

  it('compares two values from the memo and answers nothing for a port without one', async () => {
    const { host, events } = makeHost();
    const { runId } = await host.run({ doc: theorem });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const comparison = await host.compareValues({ node: 'a', port: 'out' }, { node: 'b', port: 'out' });
    expect(comparison).toMatchObject({ kind: 'signal', start: 0, length: 4, stats: { maxAbsError: 3 } });
    expect(await host.compareValues({ node: 'a', port: 'out' }, { node: 'nobody', port: 'out' })).toBeUndefined();
    const response = await host.frequencyResponse({ node: 'gauss', port: 'out' });
    expect(response).toMatchObject({ kind: 'response1d', taps: 7, character: 'low-pass' });
    await expect(host.compareValues({ node: 'a', port: 'out' }, { node: 'gauss', port: 'out' })).resolves.toMatchObject({ kind: 'signal' });
  });

  it('rejects with the reason when a value cannot be analysed', async () => {
    const { host, events } = makeHost();
    const doc: GraphDocument = { ...theorem, nodes: [...theorem.nodes, { id: 'stats', type: 'op.stats' }], edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'stats', targetHandle: 'in' }] };
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    await expect(host.frequencyResponse({ node: 'stats', port: 'out' })).rejects.toThrow(/shown for kernels/);
  });

  it("refuses a long thin kernel's |H| past the engine's budget, in one line, and keeps the kernel", async () => {
    // One row of 2,000 taps (16 KB in a graph file): its 2-D response is on a 2000 × 2000 grid, 80 MB
    // of working arrays, over a 64 MiB budget (at 20,000 taps: 7.5 GB, outside any budget).
    const { host, events } = makeHost({ memoryLimit: 64 * 1024 * 1024 });
    const doc: GraphDocument = { ...theorem, nodes: [{ id: 'thin', type: 'kernel.custom', params: { values: [Array.from({ length: 2000 }, (_, i) => (i === 1000 ? 1 : 0))] } }], edges: [] };
    const { runId } = await host.run({ doc });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId);
    const refused = await host.frequencyResponse({ node: 'thin', port: 'out' }).then(
      () => '',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(refused).toMatch(/^[^\n]*the kernel is 2000 × 1: its frequency response on a 2000 × 2000 grid would need 76\.3 MiB, over the 64\.0 MiB limit: the response is shown for smaller kernels[^\n]*$/);
    // The kernel itself is still there to look at.
    await expect(host.getValue('thin', 'out', { maxSide: 4096 })).resolves.toMatchObject({ kind: 'image', width: 2000, height: 1 });
  });

  it('profiles in a worker of its own, streaming each timing, and ends done', async () => {
    const { host, events } = makeHost();
    const { profileId } = await host.profile({ series: [{ label: 'direct', operation: 'direct', dims: 1 }, { label: 'fft', operation: 'fft', dims: 1 }], fromLog2: 4, toLog2: 6 });
    const end = await waitFor(events, (e) => e.kind === 'profileEnd' && e.profileId === profileId);
    expect(end).toMatchObject({ status: 'done', stopped: ['reached n = 64', 'reached n = 64'] });
    const points = events.filter((e) => e.kind === 'profilePoint' && e.profileId === profileId);
    expect(points.map((e) => (e.kind === 'profilePoint' ? `${e.series}:${e.n}` : ''))).toEqual(['0:16', '1:16', '0:32', '1:32', '0:64', '1:64']);
    expect(points.every((e) => e.kind === 'profilePoint' && e.ms >= 0 && e.repeats >= 1)).toBe(true);
    // The engine's own worker still runs graphs meanwhile.
    const { runId } = await host.run({ doc: theorem });
    await waitFor(events, (e) => e.kind === 'runEnd' && e.runId === runId && e.status === 'done');
  });

  it('cancels a profile at once: a cancelled end and no more points after it', async () => {
    const { host, events } = makeHost();
    const { profileId } = await host.profile({ series: [{ label: 'direct', operation: 'direct', dims: 1 }], fromLog2: 10, toLog2: 24, pointBudgetMs: 60_000 });
    await waitFor(events, (e) => e.kind === 'profilePoint' && e.profileId === profileId);
    await host.cancelProfile(profileId);
    const ends = events.filter((e) => e.kind === 'profileEnd' && e.profileId === profileId);
    expect(ends).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    const seen = events.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.slice(seen).filter((e) => e.kind.startsWith('profile'))).toEqual([]);
  });
});
