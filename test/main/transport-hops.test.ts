/**
 * The preview bench's hop log (bench/transport-hops.ts, `--hops`): one change's hops, and the
 * frames and bytes up to and with the sink's report, read from the marks it logged.
 */
import { describe, expect, it } from 'vitest';
import { hopsOf, type HopEntry } from '../../bench/transport-hops';

describe('the preview bench\'s hops', () => {
  it('counts the frames and bytes up to and with the sink\'s report, not after it', () => {
    const log: HopEntry[] = [
      { at: 99, what: 'frame', bytes: 7000 }, // the change before
      { at: 100.5, what: 'wsIn' },
      { at: 100.9, what: 'hostRun' },
      { at: 101, what: 'post' },
      { at: 101.2, what: 'frame', bytes: 60 }, // the run's answer
      { at: 103, what: 'fromWorker', bytes: 0 },
      { at: 103, what: 'runStart' },
      { at: 103.3, what: 'frame', bytes: 300 },
      { at: 110, what: 'fromWorker', bytes: 1920 },
      { at: 110, what: 'done:convolve1' },
      { at: 110, what: 'done:plot1' },
      { at: 110, what: 'runEnd', ms: 6 },
      { at: 110.2, what: 'frame', bytes: 2832 },
      { at: 110.2, what: 'wsOut:convolve1' },
      { at: 110.2, what: 'wsOut:plot1' },
      { at: 110.2, what: 'frame', bytes: 900 }, // a getValue answer after the report
      { at: 115, what: 'fromWorker', bytes: 524_288 },
    ];
    const hops = hopsOf(log, 100, 112, 'plot1')!;
    expect(hops).toMatchObject({ frames: 3, frameBytes: 60 + 300 + 2832, sinkFrameBytes: 2832, workerMessages: 2, workerArrayBytes: 1920, engine: 6 });
    expect(hops.socketToPage).toBeCloseTo(1.8, 9);
    expect(hops.workerOverhead).toBeCloseTo(3, 9);
  });
});
