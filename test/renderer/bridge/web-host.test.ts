import { describe, expect, it } from 'vitest';
import { WebEngineHost } from '../../../src-renderer/bridge/web-host/engine';
import type { FromWorker, ToWebWorker } from '../../../src-renderer/bridge/web-host/messages';
import { pickedFile, readPicked } from '../../../src-renderer/bridge/web-host/picked';
import type { GraphDocument } from '../../../src-shared/graph/document';
import type { HostEvent } from '../../../src-shared/protocol';

/** A Web Worker as the host sees one: it records what it is sent and answers when told to. */
class FakeWorker extends EventTarget {
  readonly received: ToWebWorker[] = [];
  terminated = false;
  postMessage(message: ToWebWorker): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  say(message: FromWorker): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data: message }));
  }
  crash(text: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: text }));
  }
  kinds(): string[] {
    return this.received.map((message) => message.kind);
  }
}

const doc: GraphDocument = { format: 'convolab.graph', version: 2, nodes: [], edges: [] };

function makeHost(cancelGraceMs = 60_000) {
  const workers: FakeWorker[] = [];
  const events: HostEvent[] = [];
  const host = new WebEngineHost({
    version: 'test',
    modelsUrl: 'http://127.0.0.1/models/',
    cancelGraceMs,
    startWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  host.onEvent((event) => events.push(event));
  return { host, workers, events };
}

/** Waits (a bounded number of short looks) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let look = 0; look < 400 && !done(); look++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}

describe('the web build\'s engine host (WebEngineHost)', () => {
  it('starts its worker with the models folder and, outside a cross-origin isolated page, no shared cell', () => {
    const { host, workers } = makeHost();
    expect(host.sharesCancelCell).toBe(false);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received[0]).toEqual({ kind: 'init', modelsUrl: 'http://127.0.0.1/models/' });
  });

  it('says the run to stop by message when there is no shared cell, and only for the run still in flight', async () => {
    const { host, workers } = makeHost();
    const first = await host.run({ doc });
    const second = await host.run({ doc });
    await host.cancel(first.runId);
    expect(workers[0]!.kinds()).toEqual(['init', 'run', 'run']);
    await host.cancel(second.runId);
    expect(workers[0]!.received.at(-1)).toEqual({ kind: 'cancel', runId: second.runId });
  });

  it('replaces a worker whose superseded run goes on past the grace period, gives it the picked files, and runs the last graph again', async () => {
    const { host, workers, events } = makeHost(10);
    host.addFile('tone.wav', new Blob([new Uint8Array([1, 2, 3])]));
    const stuck = await host.run({ doc });
    workers[0]!.say({ kind: 'event', event: { kind: 'runStart', runId: stuck.runId } });
    const newer = await host.run({ doc });
    await until(() => workers.length === 2);
    expect(workers[0]!.terminated).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'runEnd', runId: stuck.runId, status: 'failed' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'runEnd', runId: newer.runId, status: 'failed' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'notice', level: 'error', message: expect.stringContaining('a node ignored cancellation for 10 ms') }));
    // The new worker: init, the file, then the newest graph again (under a new run id).
    expect(workers[1]!.kinds()).toEqual(['init', 'file', 'run']);
    expect(workers[1]!.received[1]).toMatchObject({ kind: 'file', name: 'tone.wav' });
    expect(workers[1]!.received[2]).toMatchObject({ kind: 'run', request: { doc } });
  });

  it('keeps the worker when the superseded run ends within the grace period', async () => {
    const { host, workers } = makeHost(50);
    const first = await host.run({ doc });
    workers[0]!.say({ kind: 'event', event: { kind: 'runStart', runId: first.runId } });
    await host.run({ doc });
    workers[0]!.say({ kind: 'event', event: { kind: 'runEnd', runId: first.runId, status: 'cancelled', ms: 1 } });
    // Three grace periods later there is still the one worker.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('answers value requests from the worker\'s replies, and fails those still waiting when the worker crashes', async () => {
    const { host, workers, events } = makeHost();
    const answered = host.getValue('a', 'out');
    const request = workers[0]!.received.at(-1) as Extract<ToWebWorker, { kind: 'getValue' }>;
    workers[0]!.say({ kind: 'value', requestId: request.requestId, value: { kind: 'value', fields: { x: 1 } } });
    await expect(answered).resolves.toEqual({ kind: 'value', fields: { x: 1 } });

    const waiting = host.compareValues({ node: 'a', port: 'out' }, { node: 'b', port: 'out' });
    workers[0]!.crash('out of memory');
    await expect(waiting).rejects.toThrow('the engine worker crashed (out of memory)');
    expect(workers).toHaveLength(2);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'notice', message: expect.stringContaining('started a new one') }));
  });

  it('gives up after three new workers in a row die before finishing a run, and says to reload', async () => {
    const { workers, events } = makeHost();
    for (let crash = 0; crash < 4; crash++) workers.at(-1)!.crash('cannot start');
    expect(workers).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ kind: 'notice', level: 'error', message: expect.stringContaining('gave up after 3 new workers failed too: reload the page') });
  });
});

describe('files picked for path params (web-host/picked.ts)', () => {
  const files = new Map<string, Blob>([['tone.wav', new Blob([new Uint8Array([7, 8, 9])])]]);

  it('resolves a param\'s path by its whole text, else by its last segment', () => {
    expect(pickedFile(files, 'tone.wav')).toBe(files.get('tone.wav'));
    expect(pickedFile(files, 'sounds/tone.wav')).toBe(files.get('tone.wav'));
    expect(pickedFile(files, 'sounds\\tone.wav')).toBe(files.get('tone.wav'));
    expect(pickedFile(files, 'other.wav')).toBeUndefined();
  });

  it('reads the bytes; a file never picked, or over the memory limit, is refused in one line', async () => {
    expect([...(await readPicked(files, 'tone.wav', 1024))]).toEqual([7, 8, 9]);
    await expect(readPicked(files, 'missing.wav', 1024)).rejects.toThrow(/^missing\.wav: not a file picked in this tab .*click … beside the param and pick it$/);
    const large = new Map([['scan.npy', new Blob([new Uint8Array(3072)])]]);
    await expect(readPicked(large, 'scan.npy', 2048)).rejects.toThrow(/^scan\.npy: 3 KiB is over the 2 KiB memory limit$/);
  });
});
