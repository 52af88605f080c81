/**
 * `convolab run` and `validate` given hostile graphs (issue 14): paths to devices and pipes,
 * ids with terminal controls, sinks whose files collide, a run killed while writing, and a
 * reader that closes the pipe early.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { machineMemory } from '../../src-main/cli/memory';
import { loadGraph } from '../../src-shared/graph/load';
import { printable, printableJson } from '../../src-shared/graph/printable';
import { capture, finishCli, type Link, startCli, stopStartedClis, tempDir, writeGraph } from './helpers';

afterEach(stopStartedClis);

describe('path params that are not regular files', () => {
  it.runIf(process.platform === 'linux')('/dev/zero, /dev/stdin and a FIFO are refused in one line each; the rest of the graph runs', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.wav');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const graph = writeGraph(
      dir,
      [
        { id: 'zero', type: 'source.audio', params: { path: '/dev/zero' } },
        { id: 'stdin', type: 'source.audio', params: { path: '/dev/stdin' } },
        { id: 'fifo', type: 'source.audio', params: { path: 'pipe.wav' } },
        { id: 'good', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'plot', type: 'sink.plot' },
      ],
      [['good', 'out', 'plot', 'in']],
    );
    // stdin stays open and silent: reading /dev/stdin would wait for ever.
    const child = startCli(['run', graph, '--out', join(dir, 'out')]);
    const result = await finishCli(child, 1024 ** 3);
    expect(result.peakRss).toBeLessThan(1024 ** 3);
    expect(result.status).toBe(1);
    const refusal = 'not a regular file (a device, pipe or socket): name a file on disk';
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      `convolab: node fifo (source.audio): cannot read pipe.wav: ${refusal}`,
      `convolab: node stdin (source.audio): cannot read /dev/stdin: ${refusal}`,
      `convolab: node zero (source.audio): cannot read /dev/zero: ${refusal}`,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'plot.json'), 'utf8'))).toMatchObject({ type: 'signal', length: 3 });
  }, 120_000);

  it('a file over the memory budget is refused before it is read, naming its size', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.wav');
    // A sparse file: 2 GiB long, no blocks on disk.
    writeFileSync(big, '');
    spawnSync('truncate', ['-s', '2G', big]);
    const graph = writeGraph(dir, [{ id: 'big', type: 'source.audio', params: { path: 'big.wav' } }], []);
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'out')], io)).toBe(1);
    // And names the --memory that would hold it, where the machine has that much (2 GiB and an eighth more: 3G).
    const more = machineMemory() >= 3 * 1024 ** 3 ? ', or run with --memory 3G' : '';
    expect(io.err).toBe(`convolab: node big (source.audio): cannot read big.wav: it is 2.0 GiB, over the 1.0 GiB memory limit: use a smaller file${more}\n`);
  });
});

describe('control characters from a file never reach the terminal', () => {
  const hostileId = 'x\u001b]0;pwned\u0007\r\nran 9 nodes: 9 ok\u009b2J';

  it('an id holding them is refused with a located error', () => {
    const text = JSON.stringify({ format: 'convolab.graph', version: 1, nodes: [{ id: hostileId, type: 'source.dice' }], edges: [] });
    const loaded = loadGraph(text);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toBe('nodes[0].id: contains the control character U+001B: use letters, digits and punctuation');
    const edge = JSON.stringify({
      format: 'convolab.graph',
      version: 1,
      nodes: [{ id: 'a', type: 'source.dice' }, { id: 'p', type: 'sink.plot' }],
      edges: [{ id: 'e\u202e1', source: 'a', sourceHandle: 'out', target: 'p', targetHandle: 'in' }],
    });
    const badEdge = loadGraph(edge);
    expect(!badEdge.ok && badEdge.error).toBe('edges[0].id: contains the control character U+202E: use letters, digits and punctuation');
  });

  it('paths, messages and ids printed by run and validate are escaped, one line each', async () => {
    const dir = tempDir();
    const graph = writeGraph(dir, [{ id: 'audio', type: 'source.audio', params: { path: `missing${hostileId}.wav` } }], []);
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'out')], io)).toBe(1);
    expect(io.err).toBe(`convolab: node audio (source.audio): cannot read missingx\\u001B]0;pwned\\u0007\\u000D\\u000Aran 9 nodes: 9 ok\\u009B2J.wav: no such file in ${dir} (a relative path is read from the graph's folder)\n`);
    const bad = join(dir, `bad\u001b[2J.json`);
    writeFileSync(bad, JSON.stringify({ format: 'convolab.graph', version: 1, nodes: [{ id: hostileId, type: 'source.dice' }], edges: [] }));
    const io2 = capture();
    expect(await main(['validate', bad], io2)).toBe(2);
    expect(io2.err).toBe(`convolab: ${join(dir, 'bad\\u001B[2J.json')}: nodes[0].id: contains the control character U+001B: use letters, digits and punctuation\n`);
    // run.json (also what --json prints) holds the same text, with what JSON leaves raw escaped.
    const runJson = readFileSync(join(dir, 'out', 'run.json'), 'utf8');
    expect(runJson).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(runJson).nodes[0].error).toBe(`cannot read missing${hostileId}.wav: no such file in ${dir} (a relative path is read from the graph's folder)`);
  });

  it('printable and printableJson escape every control character and nothing else', () => {
    expect(printable('a\u0000b\u001bc\u007fd\u0085e\u2028f\u202eg\u2066h é ü 中 😀')).toBe('a\\u0000b\\u001Bc\\u007Fd\\u0085e\\u2028f\\u202Eg\\u2066h é ü 中 😀');
    const json = JSON.stringify({ id: 'x\u001b\u009b\u202e' }, null, 2);
    expect(printableJson(json)).toBe('{\n  "id": "x\\u001b\\u009B\\u202E"\n}');
    expect(JSON.parse(printableJson(json))).toEqual({ id: 'x\u001b\u009b\u202e' });
  });
});

describe('sinks whose files would collide', () => {
  it.each([
    [['x/y', 'x_y'], 'sinks "x/y" and "x_y" would both write x_y.npy and x_y.json'],
    [['Plot', 'plot'], 'sinks "Plot" and "plot" would both write plot.npy and plot.json'],
    [['run'], 'sink "run" would write run.json over the run\'s own run.json: rename the node'],
    [['RUN'], 'sink "RUN" would write RUN.json over the run\'s own run.json: rename the node'],
  ])('%j: validate and run refuse before anything is written, naming the ids', async (ids, message) => {
    const dir = tempDir();
    const nodes = [{ id: 'src', type: 'source.dice' }, ...ids.map((id) => ({ id, type: 'sink.plot' }))];
    const graph = writeGraph(dir, nodes, ids.map((id): Link => ['src', 'out', id, 'in']));
    const validate = capture();
    expect(await main(['validate', graph], validate)).toBe(2);
    expect(validate.err).toContain(message);
    expect(validate.err.split('\n')).toHaveLength(2);
    const run = capture();
    expect(await main(['run', graph, '--out', join(dir, 'out')], run)).toBe(2);
    expect(run.err).toContain(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('distinct names pass, and non-sink nodes may share a name with a sink or with run', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'run', type: 'source.dice' },
        { id: 'x/y', type: 'sink.plot' },
        { id: 'x-y', type: 'sink.plot' },
      ],
      [
        ['run', 'out', 'x/y', 'in'],
        ['run', 'out', 'x-y', 'in'],
      ],
    );
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'out')], io)).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['run.json', 'x-y.json', 'x-y.npy', 'x_y.json', 'x_y.npy']);
  });
});

describe('a run killed while writing its outputs', () => {
  it.each([
    ['a sink\'s S.npy', 'result.npy'],
    ['a sink.file output', 'saved.npy'],
    ['run.json', 'run.json'],
  ])('leaves the previous %s whole, never a torn file', async (_what, target) => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const graphOf = (values: number[]) =>
      writeGraph(
        dir,
        [
          { id: 'seq', type: 'source.sequence', params: { values } },
          { id: 'result', type: 'sink.plot' },
          { id: 'save', type: 'sink.file', params: { path: 'out/saved.npy' } },
        ],
        [
          ['seq', 'out', 'result', 'in'],
          ['seq', 'out', 'save', 'in'],
        ],
      );
    const first = await finishCli(startCli(['run', graphOf([1, 2, 3]), '--out', out]));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const good = readFileSync(join(out, target));

    const longer = Array.from({ length: 4000 }, (_, i) => i);
    const child = startCli(['run', graphOf(longer), '--out', out], { preload: ['./test/cli/fixtures/pause-write.ts'], env: { CONVOLAB_PAUSE_ON: target } });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('paused-mid-write\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the run ended (${code}) before writing ${target}: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(readFileSync(join(out, target)).equals(good)).toBe(true);
  }, 120_000);
});

describe('a reader that closes the pipe early', () => {
  it('convolab run --json | head: no crash report, the run\'s own exit status', async () => {
    const dir = tempDir();
    const graph = writeGraph(dir, [{ id: 'dice', type: 'source.dice' }, { id: 'plot', type: 'sink.plot' }], [['dice', 'out', 'plot', 'in']]);
    const child = startCli(['run', graph, '--out', join(dir, 'out'), '--json']);
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(existsSync(join(dir, 'out', 'run.json'))).toBe(true);
  }, 120_000);
});

describe('two short signals far apart', () => {
  it('add, subtract and compare refuse the union in one line, before allocating it; the rest of the graph runs', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'early', type: 'source.sequence', params: { values: [1, 2], start: -150_000_000 } },
        { id: 'late', type: 'source.sequence', params: { values: [3, 4], start: 150_000_000 } },
        { id: 'add', type: 'op.add' },
        { id: 'subtract', type: 'op.subtract' },
        { id: 'compare', type: 'op.compare' },
        { id: 'near', type: 'source.sequence', params: { values: [5], start: 1 } },
        { id: 'next', type: 'source.sequence', params: { values: [6], start: 4 } },
        { id: 'sum', type: 'op.add' },
        { id: 'plot', type: 'sink.plot' },
      ],
      [
        ['early', 'out', 'add', 'a'],
        ['late', 'out', 'add', 'b'],
        ['early', 'out', 'subtract', 'a'],
        ['late', 'out', 'subtract', 'b'],
        ['early', 'out', 'compare', 'a'],
        ['late', 'out', 'compare', 'b'],
        ['near', 'out', 'sum', 'a'],
        ['next', 'out', 'sum', 'b'],
        ['sum', 'out', 'plot', 'in'],
      ],
    );
    const child = startCli(['run', graph, '--out', join(dir, 'out')], { nodeFlags: ['--max-old-space-size=256'] });
    const result = await finishCli(child, 1.5 * 1024 ** 3);
    // The union runs from -150000000 to 150000002: two float64 arrays of it are 4.5 GiB.
    // (4.5 GiB and an eighth more is 6G, named where the machine has that much.)
    const more = machineMemory() >= 6 * 1024 ** 3 ? ', or run with --memory 6G' : '';
    const refusal = `aligning a and b over 300000002 samples (from -150000000 to 150000002) would need 4.5 GiB, over the 1.0 GiB limit: use smaller inputs or sizes${more}`;
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      `convolab: node add (op.add): ${refusal}`,
      `convolab: node subtract (op.subtract): ${refusal}`,
      `convolab: node compare (op.compare): ${refusal}`,
    ]);
    expect(result.status).toBe(1);
    expect(result.peakRss).toBeLessThan(1024 ** 3);
    // Two short signals a little apart still add, on their union: 5 at index 1, 6 at index 4.
    expect(JSON.parse(readFileSync(join(dir, 'out', 'plot.json'), 'utf8'))).toEqual({ type: 'signal', start: 1, rate: 1, length: 4 });
  }, 180_000);
});
