import { describe, expect, it } from 'vitest';
import { fitLogLog, imageSides, makeCase, nextWithinBudget, runProfile } from '../../../src-shared/engine/profile';
import type { ProfileEvent, ProfileRequest } from '../../../src-shared/protocol';

describe('fitLogLog', () => {
  it('recovers the exponent of a power law exactly', () => {
    for (const exponent of [1, 2, 1.5]) {
      const points = [8, 9, 10, 11, 12].map((k) => ({ n: 2 ** k, ms: 3e-3 * (2 ** k) ** exponent }));
      const fit = fitLogLog(points)!;
      expect(fit.slope).toBeCloseTo(exponent, 12);
      expect(fit.intercept).toBeCloseTo(Math.log2(3e-3), 10);
      expect(fit).toMatchObject({ fromN: 256, toN: 4096, points: 5 });
    }
  });

  it('reads n log n as a slope a little above 1, and n² as 2, over the sizes a profile covers', () => {
    const sizes = [10, 11, 12, 13, 14, 15, 16].map((k) => 2 ** k);
    const nlogn = fitLogLog(sizes.map((n) => ({ n, ms: 1e-5 * n * Math.log2(n) })))!;
    expect(nlogn.slope).toBeGreaterThan(1);
    expect(nlogn.slope).toBeLessThan(1.15);
    expect(fitLogLog(sizes.map((n) => ({ n, ms: 1e-7 * n * n })))!.slope).toBeCloseTo(2, 12);
  });

  it('fits only the six largest sizes above the timer noise floor', () => {
    const points = [
      { n: 16, ms: 0.001 }, // overhead: left out
      { n: 32, ms: 0.001 },
      ...[6, 7, 8, 9, 10, 11, 12, 13].map((k) => ({ n: 2 ** k, ms: 0.001 * 2 ** k })),
    ];
    const fit = fitLogLog(points)!;
    expect(fit).toMatchObject({ points: 6, fromN: 256, toN: 8192 });
    expect(fit.slope).toBeCloseTo(1, 12);
  });

  it('gives no fit from fewer than two usable points', () => {
    expect(fitLogLog([])).toBeUndefined();
    expect(fitLogLog([{ n: 256, ms: 3 }])).toBeUndefined();
    expect(fitLogLog([{ n: 256, ms: 0.001 }, { n: 512, ms: 3 }])).toBeUndefined();
  });
});

describe('the profile budget', () => {
  it('predicts the next size from the growth seen, at least doubling and at most ×8', () => {
    expect(nextWithinBudget({ n: 1024, ms: 100 }, { n: 2048, ms: 400 }, 1500)).toEqual({ ok: false, predictedMs: 1600 });
    expect(nextWithinBudget({ n: 1024, ms: 100 }, { n: 2048, ms: 300 }, 1500)).toEqual({ ok: true, predictedMs: 900 });
    expect(nextWithinBudget({ n: 1024, ms: 300 }, { n: 2048, ms: 200 }, 1500).predictedMs).toBe(400);
    expect(nextWithinBudget({ n: 1024, ms: 1 }, { n: 2048, ms: 100 }, 1500).predictedMs).toBe(800);
    expect(nextWithinBudget(undefined, { n: 256, ms: 1 }, 1500).predictedMs).toBe(2);
  });
});

describe('runProfile', () => {
  /** A clock on which each timing of size n takes cost(n) ms, whatever the machine does. */
  function modelClock(cost: (operation: string, n: number) => number) {
    let t = 0;
    let calls = 0;
    let current = { operation: '', n: 0 };
    return {
      announce(operation: string, n: number) {
        current = { operation, n };
      },
      now() {
        if (calls++ % 2 === 1) t += cost(current.operation, current.n);
        return t;
      },
    };
  }

  it('streams progress and points for every series, stops a curve at the budget, and ends with why', async () => {
    const request: ProfileRequest = {
      series: [
        { label: 'direct', operation: 'direct', dims: 1 },
        { label: 'fft', operation: 'fft', dims: 1 },
      ],
      fromLog2: 4,
      toLog2: 9,
      pointBudgetMs: 100,
    };
    const clock = modelClock((operation, n) => (operation === 'direct' ? 1e-3 * n * n : 0.5 * n * Math.log2(n) / 100));
    const events: ProfileEvent[] = [];
    await runProfile(7, request, {
      emit: (event) => {
        events.push(event);
        if (event.kind === 'profileProgress') clock.announce(request.series[event.series].operation, event.n);
      },
      now: clock.now,
    });
    const points = (s: number) => events.filter((e): e is Extract<ProfileEvent, { kind: 'profilePoint' }> => e.kind === 'profilePoint' && e.series === s);
    // direct: 1e-3 n² ms — 64 takes 4.1 ms, 128 takes 16 ms, 256 takes 66 ms; the next would be 262 ms > 100 ms.
    expect(points(0).map((p) => p.n)).toEqual([16, 32, 64, 128, 256]);
    expect(points(1).map((p) => p.n)).toEqual([16, 32, 64, 128, 256, 512]);
    expect(points(0).at(-1).fit!.slope).toBeCloseTo(2, 10);
    // Fast sizes repeat until 40 ms are spent (at most 9 times), slower ones the fastest of three.
    expect(points(0).map((p) => p.repeats)).toEqual([9, 9, 9, 3, 3]);
    expect(points(1).at(-1).fit!.slope).toBeGreaterThan(1);
    expect(points(1).at(-1).fit!.slope).toBeLessThan(1.3);
    const end = events.at(-1);
    expect(end).toMatchObject({ kind: 'profileEnd', profileId: 7, status: 'done' });
    expect(end.kind === 'profileEnd' && end.stopped).toEqual([
      'stopped after n = 256: the next size would take about 262 ms (budget 100 ms)',
      'reached n = 512',
    ]);
    const fractions = events.flatMap((e) => (e.kind === 'profileProgress' ? [e.fraction] : []));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.every((f) => f >= 0 && f < 1)).toBe(true);
  });

  it('reports a failure while timing as a failed profile with its words', async () => {
    const events: ProfileEvent[] = [];
    await runProfile(1, { series: [{ label: 'x', operation: 'nonsense' as never, dims: 1 }], fromLog2: 4, toLog2: 5 }, { emit: (e) => events.push(e), now: () => 0 });
    expect(events.at(-1)).toMatchObject({ kind: 'profileEnd', status: 'failed', error: expect.stringContaining("unknown method 'nonsense'") });
  });
});

describe('the timed cases', () => {
  it('compute the same convolution by every route (the profile compares like with like)', () => {
    // The closures return nothing; run them to be sure each route works on its inputs.
    for (const operation of ['direct', 'fft', 'overlap-add', 'auto', 'fft-chain'] as const) {
      for (const dims of [1, 2] as const) expect(() => makeCase({ label: operation, operation, dims }, 256).compute()).not.toThrow();
    }
  });

  it('sizes 2-D cases by pixels, with a kernel a quarter of the side', () => {
    expect(imageSides(256)).toEqual({ side: 16, kernel: 5 });
    expect(imageSides(4096)).toEqual({ side: 64, kernel: 17 });
    expect(makeCase({ label: 'x', operation: 'direct', dims: 2 }, 512).n).toBe(23 * 23);
  });
});
