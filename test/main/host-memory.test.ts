/**
 * The engine host's memory budget as the desktop app gives it: a run refused under a small budget
 * names the menu that raises it, and a new budget (setMemoryLimit) runs the open graph again, which
 * then fits, computing only what was refused. (Serve's refusal, naming its --memory: cli-main.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import { memoryChoices } from '../../src-main/host/memory-limit';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostApi, HostEvent } from '../../src-shared/protocol';
import { nodeResults } from '../node-results';

const GiB = 1024 ** 3, MiB = 1024 ** 2;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function listen(host: HostApi): HostEvent[] {
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  return events;
}

async function waitFor(events: HostEvent[], predicate: (event: HostEvent) => boolean, timeoutMs = 120_000): Promise<HostEvent> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((done) => setTimeout(done, 10))) {
    const found = events.find(predicate);
    if (found) return found;
  }
  throw new Error(`timed out; saw ${events.map((event) => event.kind).join(',')}`);
}

/**
 * A 10,000,001-sample signal (76.3 MiB as 64-bit samples) into a plot: over 64 MiB, within 256 MiB;
 * beside it a small sequence that fits any budget.
 */
const bigSignal: GraphDocument = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'big', type: 'source.function', params: { shape: 'sine', t0: 0, t1: 10, rate: 1e6 } },
    { id: 'plot', type: 'sink.plot' },
    { id: 'small', type: 'source.sequence', params: { values: [1, 2, 3] } },
  ],
  edges: [{ id: 'e1', source: 'big', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
};

function reportsOf(events: HostEvent[], runId: number) {
  return new Map(nodeResults(events.filter((event) => !('runId' in event) || event.runId === runId)).map((done) => [done.report.id, done.report] as const));
}

describe('the desktop app\'s memory limit', () => {
  it('a run refused under 64M names the menu item; raised to 256M, the graph runs again by itself and fits', async () => {
    const host = new EngineHost({
      baseDir: process.cwd(),
      mode: 'electron',
      version: 'test',
      memoryLimit: 64 * MiB,
      moreMemory: { way: 'setting', where: 'Edit › Memory Limit', choices: memoryChoices(8 * GiB) },
    });
    closers.push(() => host.dispose());
    const events = listen(host);
    const { runId } = await host.run({ doc: bigSignal, version: 'v1' });
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === runId);
    const refused = reportsOf(events, runId);
    expect(refused.get('big')).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/over the 64\.0 MiB limit: use smaller inputs or sizes, or raise the memory limit to 256 MiB in Edit › Memory Limit$/),
    });
    expect(refused.get('plot')).toMatchObject({ status: 'skipped' });
    expect(refused.get('small')).toMatchObject({ status: 'ok', cached: false });

    host.setMemoryLimit(256 * MiB);
    // Nobody asked for this run: the host runs the open graph again under the new budget.
    const notice = await waitFor(events, (event) => event.kind === 'notice');
    expect(notice).toEqual({ kind: 'notice', level: 'info', message: 'Memory limit is now 256 MiB: ran the graph again' });
    const rerun = (await waitFor(events, (event) => event.kind === 'runStart' && event.runId !== runId)) as { runId: number };
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === rerun.runId);
    const ran = reportsOf(events, rerun.runId);
    expect(ran.get('big')).toMatchObject({ status: 'ok', cached: false });
    expect(ran.get('plot')).toMatchObject({ status: 'ok' });
    // What fitted before is not computed again: the worker kept it.
    expect(ran.get('small')).toMatchObject({ status: 'ok', cached: true });
    expect(await host.getValue('big', 'out')).toMatchObject({ kind: 'signal', length: 10_000_001 });
    expect(host.restarts).toBe(0);

    // The page's next edit still applies to the document it sent: nothing of it was lost.
    const edited = await host.run({ edit: { base: 'v1', version: 'v2', nodes: { set: [{ ...bigSignal.nodes[0]!, params: { shape: 'sine', t0: 0, t1: 1, rate: 1e6 } }] } } });
    if (!('runId' in edited)) throw new Error('the host lost the document the edit is of');
    const editRun = edited.runId;
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === editRun);
    expect(await host.getValue('big', 'out')).toMatchObject({ kind: 'signal', length: 1_000_001 });
  });
});

describe('a lower memory limit', () => {
  it('drops what the worker holds when it no longer fits, and refuses it again', async () => {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'electron', version: 'test', memoryLimit: 256 * MiB });
    closers.push(() => host.dispose());
    const events = listen(host);
    const answer = await host.run({ doc: bigSignal });
    if (!('runId' in answer)) throw new Error('a whole document always runs');
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === answer.runId);
    expect(reportsOf(events, answer.runId).get('big')).toMatchObject({ status: 'ok' });

    host.setMemoryLimit(64 * MiB);
    const rerun = (await waitFor(events, (event) => event.kind === 'runStart' && event.runId !== answer.runId)) as { runId: number };
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === rerun.runId);
    const ran = reportsOf(events, rerun.runId);
    expect(ran.get('big')).toMatchObject({ status: 'error', error: expect.stringMatching(/over the 64\.0 MiB limit/) });
    expect(ran.get('small')).toMatchObject({ status: 'ok', cached: false });
  });
});

describe('a new memory limit before any graph', () => {
  it('says so without claiming a run, and the first run has the new budget', async () => {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'electron', version: 'test', memoryLimit: 64 * MiB });
    closers.push(() => host.dispose());
    const events = listen(host);
    host.setMemoryLimit(256 * MiB);
    expect(events).toEqual([{ kind: 'notice', level: 'info', message: 'Memory limit is now 256 MiB' }]);
    // The same budget again changes nothing: no restart, no notice.
    host.setMemoryLimit(256 * MiB);
    expect(events).toHaveLength(1);
    const answer = await host.run({ doc: bigSignal });
    if (!('runId' in answer)) throw new Error('a whole document always runs');
    await waitFor(events, (event) => event.kind === 'runEnd' && event.runId === answer.runId);
    expect(reportsOf(events, answer.runId).get('big')).toMatchObject({ status: 'ok' });
  });
});
