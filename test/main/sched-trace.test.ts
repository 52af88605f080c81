/**
 * The preview bench's scheduler record (bench/sched-trace.ts, `--sched`): `perf sched timehist`
 * lines read as slices (woken, waiting for a core, running), and a window's share of each.
 */
import { describe, expect, it } from 'vitest';
import { parseTimehist, useIn } from '../../bench/sched-trace';

// As perf 6.1 prints it: a header, then one line per switch out (time in s, the rest in ms).
const timehist = `           time    cpu  task name                       wait time  sch delay   run time
                        [tid/pid]                          (msec)     (msec)     (msec)
--------------- ------  ------------------------------  ---------  ---------  ---------
    8843.667926 [0000]  <idle>                              0.000      0.000      0.500 
    8843.668126 [0000]  node[20910]                         0.000      0.010      0.165 
    8843.670000 [0001]  chromium[18641]                     1.000      0.000      1.000 
    8843.672000 [0001]  Compositor[18650/18641]             2.000      0.500      1.500 
    8843.673349 [0000]  node[20912/20910]                   0.006      1.000      2.542 
`;

describe('the preview bench\'s scheduler record', () => {
  it('reads each switch out as a slice: woken, then waiting for a core, then running', () => {
    const slices = parseTimehist(timehist);
    // The idle task is no thread of ours.
    expect(slices.map((slice) => [slice.comm, slice.tid, slice.pid])).toEqual([
      ['node', 20910, 20910],
      ['chromium', 18641, 18641],
      ['Compositor', 18650, 18641],
      ['node', 20912, 20910],
    ]);
    const worker = slices[3]!;
    expect(worker.runTo).toBeCloseTo(8843673.349, 6);
    expect(worker.runTo - worker.runFrom).toBeCloseTo(2.542, 6);
    expect(worker.runFrom - worker.wokenAt).toBeCloseTo(1.0, 6);
  });

  it('counts only what falls inside the window, for the threads asked', () => {
    const slices = parseTimehist(timehist);
    // The worker was woken at …669.807, waited to …670.807, ran to …673.349.
    const from = 8843670.0;
    const to = 8843671.0;
    const worker = useIn(slices, from, to, (slice) => slice.tid === 20912);
    expect(worker.waiting).toBeCloseTo(0.807, 6);
    expect(worker.run).toBeCloseTo(0.193, 6);
    // Chromium's main thread ran …669.000–670.000: it ends where the window starts.
    expect(useIn(slices, from, to, (slice) => slice.pid === 18641 && slice.tid === 18641)).toEqual({ run: 0, waiting: 0 });
    // The compositor waited …670.000–670.500, then ran to …672.000.
    const compositor = useIn(slices, from, to, (slice) => slice.comm === 'Compositor');
    expect(compositor.waiting).toBeCloseTo(0.5, 6);
    expect(compositor.run).toBeCloseTo(0.5, 6);
  });
});
