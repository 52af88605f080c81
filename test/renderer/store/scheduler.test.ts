import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunScheduler, type RunTarget } from '../../../src-renderer/store/scheduler';

/** A host whose answers to `run` the test releases one by one, in any order. */
class FakeTarget implements RunTarget {
  /** One entry per run sent: call `answer` with the id the host gives it (or `fail`). */
  readonly sent: { answer: (runId: number) => void; fail: (error: Error) => void }[] = [];
  readonly cancelled: number[] = [];
  run(): Promise<{ runId: number }> {
    return new Promise((resolve, reject) => {
      this.sent.push({ answer: (runId) => resolve({ runId }), fail: reject });
    });
  }
  cancel(runId: number): Promise<void> {
    this.cancelled.push(runId);
    return Promise.resolve();
  }
}

/** Lets queued microtasks and resolved answers run (a bounded number of turns). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
}

const SUPERSEDE_MS = 500;

function setup() {
  const target = new FakeTarget();
  const started: number[] = [];
  const failures: unknown[] = [];
  const scheduler = new RunScheduler(target, {
    supersedeAfterMs: SUPERSEDE_MS,
    onStarted: (runId) => started.push(runId),
    onFailed: (error) => failures.push(error),
  });
  const end = (runId: number) => scheduler.receive({ kind: 'runEnd', runId });
  return { target, scheduler, started, failures, end };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RunScheduler', () => {
  it('makes the changes of one task one run, sent at once when nothing runs', async () => {
    const { target, scheduler } = setup();
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(target.sent).toHaveLength(0);
    await settle();
    expect(target.sent).toHaveLength(1);
  });

  it('holds changes made while a run is in flight and sends them as one run when it ends', async () => {
    const { target, scheduler, end } = setup();
    scheduler.request();
    await settle();
    target.sent[0].answer(1);
    await settle();
    for (let i = 0; i < 5; i++) {
      scheduler.request();
      await settle();
    }
    expect(target.sent).toHaveLength(1);
    end(1);
    expect(target.sent).toHaveLength(2);
    // Nothing more is owed: the timer the held changes started does not send a third run.
    await vi.advanceTimersByTimeAsync(SUPERSEDE_MS * 2);
    expect(target.sent).toHaveLength(2);
  });

  it('supersedes a run that is still in flight once the changes have waited long enough', async () => {
    const { target, scheduler } = setup();
    scheduler.request();
    await settle();
    target.sent[0].answer(1);
    await settle();
    scheduler.request();
    await settle();
    await vi.advanceTimersByTimeAsync(SUPERSEDE_MS - 1);
    expect(target.sent).toHaveLength(1);
    scheduler.request();
    await settle();
    await vi.advanceTimersByTimeAsync(1);
    expect(target.sent).toHaveLength(2);
  });

  it('is not held up when a run ends before the host\'s answer names it', async () => {
    const { target, scheduler, started, end } = setup();
    scheduler.request();
    await settle();
    // A cached graph: the run's events all arrive before the answer to `run`.
    expect(scheduler.receive({ kind: 'runStart', runId: 1 })).toBe(true);
    end(1);
    scheduler.request();
    await settle();
    expect(target.sent).toHaveLength(1);
    target.sent[0].answer(1);
    await settle();
    // The answer completes the picture: the run ended, so the held change goes at once.
    expect(target.sent).toHaveLength(2);
    // Its events already said it ran: the late answer does not start it again on the page.
    expect(started).toEqual([]);
  });

  it('waits for the newest run sent, not an older one, before sending more', async () => {
    const { target, scheduler, end } = setup();
    scheduler.request();
    await settle();
    target.sent[0].answer(1);
    await settle();
    scheduler.request();
    await settle();
    await vi.advanceTimersByTimeAsync(SUPERSEDE_MS);
    expect(target.sent).toHaveLength(2);
    scheduler.request();
    await settle();
    // Run 1 ends (superseded) while run 2's id is not known yet: run 2 may still be in flight.
    end(1);
    expect(target.sent).toHaveLength(2);
    target.sent[1].answer(2);
    await settle();
    expect(target.sent).toHaveLength(2);
    end(2);
    expect(target.sent).toHaveLength(3);
  });

  it('drops the events of a run older than one already seen, from the answer or from events', async () => {
    const { target, scheduler, started } = setup();
    scheduler.request();
    await settle();
    target.sent[0].answer(3);
    await settle();
    expect(started).toEqual([3]);
    expect(scheduler.receive({ kind: 'nodesDone', runId: 2 })).toBe(false);
    expect(scheduler.receive({ kind: 'nodesDone', runId: 3 })).toBe(true);
    // A run the host started by itself (after replacing a crashed worker) is newer still.
    expect(scheduler.receive({ kind: 'runStart', runId: 4 })).toBe(true);
    expect(scheduler.receive({ kind: 'nodesDone', runId: 3 })).toBe(false);
    expect(scheduler.receive({ kind: 'runEnd', runId: 3 })).toBe(false);
    // Events that belong to no run always pass.
    expect(scheduler.receive({ kind: 'notice' })).toBe(true);
  });

  it('cancels the newest run while it is in flight, and nothing once it has ended', async () => {
    const { target, scheduler, end } = setup();
    expect(scheduler.cancel()).toBe(false);
    scheduler.request();
    await settle();
    // Known from its runStart before the answer came back.
    scheduler.receive({ kind: 'runStart', runId: 5 });
    expect(scheduler.cancel()).toBe(true);
    expect(target.cancelled).toEqual([5]);
    end(5);
    expect(scheduler.cancel()).toBe(false);
    expect(target.cancelled).toEqual([5]);
  });

  it('says when the host refuses a run, and sends the next change rather than waiting for it', async () => {
    const { target, scheduler, failures } = setup();
    scheduler.request();
    await settle();
    target.sent[0].fail(new Error('the connection to the Convolab server closed'));
    await settle();
    expect(failures).toEqual([new Error('the connection to the Convolab server closed')]);
    scheduler.request();
    await settle();
    expect(target.sent).toHaveLength(2);
  });
});
