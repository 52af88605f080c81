import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, reportCrash } from '../../src-main/cli/main';
import { Engine } from '../../src-shared/engine/engine';
import { writeWav } from '../../src-shared/io/wav';
import { capture, runCli, tempDir, writeGraph } from './helpers';
import { readNpy } from './npy';

/** Two dice → convolve → plot, sample(7) → compare with [1/6] → value table, and an image and a spectrum sink. */
function diceGraph(dir: string, expected = 1 / 6): string {
  return writeGraph(
    dir,
    [
      { id: 'dieA', type: 'source.dice' },
      { id: 'dieB', type: 'source.dice' },
      { id: 'sum', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'plot', type: 'sink.plot' },
      { id: 'p7', type: 'op.sample', params: { index: 7 } },
      { id: 'sixth', type: 'source.sequence', params: { values: [expected], start: 0 } },
      { id: 'want', type: 'source.sequence', params: { values: [0], start: 0 } },
      { id: 'check', type: 'op.compare', params: { tolerance: 1e-12 } },
      { id: 'table', type: 'sink.value' },
      { id: 'img', type: 'source.testImage', params: { pattern: 'gradient', size: 8 } },
      { id: 'view', type: 'sink.image' },
      { id: 'fft', type: 'op.fft' },
      { id: 'spec', type: 'sink.spectrum' },
    ],
    [
      ['dieA', 'out', 'sum', 'a'],
      ['dieB', 'out', 'sum', 'b'],
      ['sum', 'out', 'plot', 'in'],
      ['sum', 'out', 'p7', 'in'],
      ['sixth', 'out', 'fft', 'in'],
      ['fft', 'out', 'spec', 'in'],
      ['img', 'out', 'view', 'in'],
      ['check', 'out', 'table', 'in'],
      ['sum', 'out', 'check', 'a'],
      ['sum', 'out', 'check', 'b'],
    ],
  );
}

describe('convolab run', () => {
  it('writes S.npy (<f8, C order), S.json and run.json for every sink, exit 0', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const io = capture();
    expect(await main(['run', diceGraph(dir), '--out', out], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/^ran 13 nodes: 13 ok, 0 failed, 0 skipped; results in /);

    const plot = readNpy(readFileSync(join(out, 'plot.npy')));
    expect(plot.descr).toBe('<f8');
    expect(plot.fortran).toBe(false);
    expect(plot.shape).toEqual([11]);
    expect(plot.data[5]).toBeCloseTo(6 / 36, 15);
    expect(JSON.parse(readFileSync(join(out, 'plot.json'), 'utf8'))).toEqual({ type: 'signal', start: 2, rate: 1, length: 11 });

    const view = readNpy(readFileSync(join(out, 'view.npy')));
    expect(view.shape).toEqual([8, 8]);
    expect(view.data[7]).toBeCloseTo(1, 6);
    expect(view.data[8]).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'view.json'), 'utf8'))).toEqual({ type: 'image', width: 8, height: 8, channels: 1, origin: { x: 0, y: 0 } });

    const spec = readNpy(readFileSync(join(out, 'spec.npy')));
    expect(spec.shape).toEqual([1, 2]);
    expect(spec.data[0]).toBeCloseTo(1 / 6, 15);

    expect(existsSync(join(out, 'table.npy'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'))).toEqual({ type: 'value', fields: { maxAbsError: 0, rmsError: 0, relError: 0, match: 1 } });

    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { nodes: { id: string; type: string; status: string; ms: number }[] };
    expect(run.nodes.map((n) => n.id)).toEqual(['dieA', 'dieB', 'sum', 'plot', 'p7', 'sixth', 'want', 'check', 'table', 'img', 'view', 'fft', 'spec']);
    expect(run.nodes.every((n) => n.status === 'ok' && typeof n.ms === 'number' && Object.keys(n).join() === 'id,type,status,ms')).toBe(true);
  });

  it('--json prints run.json\'s content to stdout and nothing else', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', diceGraph(dir), '--out', join(dir, 'o'), '--json'], io)).toBe(0);
    expect(io.out).toBe(readFileSync(join(dir, 'o', 'run.json'), 'utf8'));
  });

  it('a failing node gives exit 1, its error in run.json and one line on stderr; the rest still ran', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'a', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'b', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'm', type: 'op.multiply' },
        { id: 'p', type: 'sink.plot' },
        { id: 'q', type: 'sink.plot' },
      ],
      [
        ['a', 'out', 'm', 'a'],
        ['b', 'out', 'm', 'b'],
        ['m', 'out', 'p', 'in'],
        ['b', 'out', 'q', 'in'],
      ],
    );
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o')], io)).toBe(1);
    expect(io.err).toBe('convolab: node m (op.multiply): sizes differ: a has 2 samples, b has 3 samples: pad both to the same length (op.pad)\n');
    const run = JSON.parse(readFileSync(join(dir, 'o', 'run.json'), 'utf8')) as { nodes: { id: string; status: string; error?: string }[] };
    expect(run.nodes.map((n) => `${n.id}:${n.status}`)).toEqual(['a:ok', 'b:ok', 'm:error', 'p:skipped', 'q:ok']);
    expect(existsSync(join(dir, 'o', 'q.npy'))).toBe(true);
    expect(existsSync(join(dir, 'o', 'p.npy'))).toBe(false);
  });

  it('a note that is a warning is one line on stderr (run.json carries no notes); other notes and the run\'s status are as before', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'ball', type: 'source.phantom3d', params: { pattern: 'sphere', size: 8 } },
        { id: 'far', type: 'op.slice', params: { axis: 'z', index: 20 } },
        { id: 'mid', type: 'op.slice', params: { axis: 'z', index: -1 } },
        { id: 'view', type: 'sink.image' },
        { id: 'view2', type: 'sink.image' },
      ],
      [
        ['ball', 'out', 'far', 'in'],
        ['ball', 'out', 'mid', 'in'],
        ['far', 'out', 'view', 'in'],
        ['mid', 'out', 'view2', 'in'],
      ],
    );
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o')], io)).toBe(0);
    expect(io.err).toBe('convolab: warning: node far (op.slice): index 20 is past the 8 planes along z: showing the last (7)\n');
    const run = JSON.parse(readFileSync(join(dir, 'o', 'run.json'), 'utf8')) as { nodes: Record<string, unknown>[] };
    expect(run.nodes.every((node) => Object.keys(node).every((key) => ['id', 'type', 'status', 'ms', 'error'].includes(key)))).toBe(true);
  });

  it('--check exits 1 when an op.compare reports match = 0 (and 0 without --check)', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'a', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'b', type: 'source.sequence', params: { values: [1, 3] } },
        { id: 'cmp', type: 'op.compare' },
        { id: 't', type: 'sink.value' },
      ],
      [
        ['a', 'out', 'cmp', 'a'],
        ['b', 'out', 'cmp', 'b'],
        ['cmp', 'out', 't', 'in'],
      ],
    );
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o'), '--check'], io)).toBe(1);
    expect(io.err).toBe('convolab: check failed: node cmp: compare found no match (relError 0.5, maxAbsError 1)\n');
    expect(await main(['run', graph, '--out', join(dir, 'o')], capture())).toBe(0);
  });

  it('a file that cannot be used gives exit 2 and one located line, no stack', async () => {
    const dir = tempDir();
    const bad = writeGraph(dir, [{ id: 'k', type: 'kernel.gaussian', params: { sigma: -1 } }], []);
    const io = capture();
    expect(await main(['run', bad, '--out', join(dir, 'o')], io)).toBe(2);
    expect(io.err).toBe(`convolab: ${bad}: nodes[0].params.sigma: must be > 0 (got -1)\n`);
    const missing = capture();
    expect(await main(['run', join(dir, 'nope.json'), '--out', join(dir, 'o')], missing)).toBe(2);
    expect(missing.err).toBe(`convolab: cannot read ${join(dir, 'nope.json')}: no such file\n`);
    // A share link where the file goes: said to be one, not echoed (it may be 32 KB), nor taken for a path.
    const link = `http://127.0.0.1:5178/#graph=${'A'.repeat(4000)}`;
    for (const command of [['run', link, '--out', join(dir, 'o')], ['validate', link], ['export-python', link], ['validate', '#graph=abc']]) {
      const shared = capture(dir);
      expect(await main(command, shared)).toBe(2);
      expect(shared.err).toBe('convolab: a share link (…#graph=…) is not a graph file: paste it into the editor (Ctrl/Cmd+V), save it there as a file, and give that file\n');
    }
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ format: 'convolab.graph', version: 7, nodes: [], edges: [] }));
    const io3 = capture();
    expect(await main(['run', newer, '--out', join(dir, 'o')], io3)).toBe(2);
    expect(io3.err).toBe(`convolab: ${newer}: version 7: made by a newer Convolab (this one reads up to 3): update Convolab to open it\n`);
  });

  it('refuses bad arguments in one line', async () => {
    for (const [args, message] of [
      [['run'], 'run: name a graph file: convolab run GRAPH --out DIR'],
      [['run', 'g.json'], 'run: say where to write the results: --out DIR'],
      [['run', 'g.json', '--out'], '--out needs a folder'],
      [['run', 'g.json', '--out', 'o', '--fast'], 'run: unknown option --fast: try convolab --help'],
      [['validate'], 'validate: name a graph file: convolab validate GRAPH'],
    ] as const) {
      const io = capture();
      expect(await main(args, io)).toBe(2);
      expect(io.err).toBe(`convolab: ${message}\n`);
    }
  });

  it('--help or -h after a command prints that command\'s usage and exits 0, running nothing', async () => {
    for (const [command, flag] of [['run', '--help'], ['validate', '-h'], ['export-python', '--help'], ['serve', '-h']] as const) {
      const io = capture();
      // With the rest of a command line around it too: the help is asked for, nothing else is done.
      expect(await main([command, 'missing.json', flag, '--out', 'o'], io), command).toBe(0);
      expect(io.err, command).toBe('');
      const lines = io.out.split('\n').filter((line) => line.startsWith('  convolab '));
      expect(lines.length, command).toBe(1);
      expect(lines[0], command).toMatch(new RegExp(`^  convolab ${command} `));
      expect(io.out).toContain('Exit status: 0 ok');
    }
    // A command's continuation lines come with it.
    const io = capture();
    await main(['run', '--help'], io);
    expect(io.out).toContain('[--each NODE.PARAM=GLOB [-j N] [--shard K/N]]');
    expect(io.out).not.toContain('convolab serve');
  });

  it('resolves a relative GRAPH and --out against the working folder', async () => {
    const dir = tempDir();
    diceGraph(dir);
    const io = capture(dir);
    expect(await main(['run', 'g.convolab.json', '--out', 'results'], io)).toBe(0);
    expect(existsSync(join(dir, 'results', 'plot.npy'))).toBe(true);
  });
});

describe('paths in params', () => {
  it('resolve against the graph file\'s folder, not the working folder', async () => {
    const dir = tempDir();
    const sub = join(dir, 'project');
    mkdirSync(sub);
    const wav = writeWav([Float64Array.of(0.5, -0.5, 0.25)], 8000);
    if (!wav.ok) throw new Error(wav.error);
    writeFileSync(join(sub, 'in.wav'), wav.value);
    const graph = writeGraph(
      sub,
      [
        { id: 'audio', type: 'source.audio', params: { path: 'in.wav' } },
        { id: 'save', type: 'sink.file', params: { path: 'saved/copy.npy' } },
      ],
      [['audio', 'out', 'save', 'in']],
    );
    const io = capture(dir);
    expect(await main(['run', 'project/g.convolab.json', '--out', 'o'], io)).toBe(0);
    const saved = readNpy(readFileSync(join(sub, 'saved', 'copy.npy')));
    expect([...saved.data]).toEqual([0.5, -0.5, 0.25]);
    expect(existsSync(join(dir, 'saved'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'o', 'save.json'), 'utf8'))).toMatchObject({ type: 'signal', rate: 8000 });
    void graph;
  });

  it('reach any file the user names, up the tree or absolute: run is the user\'s own shell, unlike serve', async () => {
    const dir = tempDir();
    const project = join(dir, 'project');
    mkdirSync(project);
    const wav = writeWav([Float64Array.of(0.5, 0.25)], 8000);
    if (!wav.ok) throw new Error(wav.error);
    writeFileSync(join(dir, 'elsewhere.wav'), wav.value);
    const graph = writeGraph(
      project,
      [
        { id: 'up', type: 'source.audio', params: { path: '../elsewhere.wav' } },
        { id: 'absolute', type: 'source.audio', params: { path: join(dir, 'elsewhere.wav') } },
      ],
      [],
    );
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o'), '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).nodes.map((node: { status: string }) => node.status)).toEqual(['ok', 'ok']);
  });

  it('a missing input file is that node\'s error, in words, and the run exits 1', async () => {
    const dir = tempDir();
    const graph = writeGraph(dir, [{ id: 'audio', type: 'source.audio', params: { path: 'nope.wav' } }], []);
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o')], io)).toBe(1);
    expect(io.err).toBe(`convolab: node audio (source.audio): cannot read nope.wav: no such file in ${dir} (a relative path is read from the graph's folder)\n`);
    // Run from another folder that holds the file: the message says where it was looked for.
    const shell = tempDir();
    writeFileSync(join(shell, 'here.wav'), '');
    const elsewhere = capture(shell);
    expect(await main(['run', graph, '--out', join(dir, 'o'), '--set', 'audio.path=here.wav'], elsewhere)).toBe(1);
    expect(elsewhere.err).toBe(`convolab: node audio (source.audio): cannot read here.wav: no such file in ${dir} (a relative path is read from the graph's folder)\n`);
    // An absolute path says nothing more.
    const absolute = capture();
    expect(await main(['run', graph, '--out', join(dir, 'o'), '--set', `audio.path=${join(shell, 'gone.wav')}`], absolute)).toBe(1);
    expect(absolute.err).toBe(`convolab: node audio (source.audio): cannot read ${join(shell, 'gone.wav')}: no such file\n`);
  });
});

describe('convolab validate', () => {
  it('says ok for a good file (exit 0) and gives the located error for a bad one (exit 2)', async () => {
    const dir = tempDir();
    const good = diceGraph(dir);
    const io = capture();
    expect(await main(['validate', good], io)).toBe(0);
    expect(io.out).toBe(`${good}: ok (13 nodes, 10 edges)\n`);
    const bad = writeGraph(dir, [{ id: 'f', type: 'source.function', params: { shape: 'expression', expression: 'x = 1' } }], [], 'bad.json');
    const io2 = capture();
    expect(await main(['validate', bad], io2)).toBe(2);
    expect(io2.err).toMatch(/^convolab: .*bad\.json: nodes\[0\]\.params\.expression: assignment is not allowed.*\n$/);
    expect(io2.err.split('\n')).toHaveLength(2);
  });

  it('lists every problem of a file, a line each, where run names the first and how many more', async () => {
    const dir = tempDir();
    const bad = writeGraph(dir, [
      { id: 'f', type: 'source.function', params: { shape: 'expression', expression: 'x = 1' } },
      { id: 'g', type: 'source.sequence', params: { values: 'three' } },
      { id: 'h', type: 'no.such.type' },
    ], [], 'bad.json');
    const listed = capture();
    expect(await main(['validate', bad], listed)).toBe(2);
    const lines = listed.err.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const [i, place] of ['nodes[0].params.expression', 'nodes[1].params.values', 'nodes[2]'].entries()) expect(lines[i]).toContain(`convolab: ${bad}: ${place}`);
    const run = capture();
    expect(await main(['run', bad, '--out', join(dir, 'o')], run)).toBe(2);
    expect(run.err).toBe(`${lines[0]} (and 2 more problems: convolab validate lists them)\n`);
  });
});

describe('a file that is not a graph, given in its place', () => {
  it('says what it is and what to give instead, for validate and run (exit 2)', async () => {
    const dir = tempDir();
    const wav = join(dir, 'input.wav');
    const written = writeWav([Float64Array.from([0, 0.5, -0.5])], 8000);
    if (!written.ok) throw new Error(written.error);
    writeFileSync(wav, written.value);
    const io = capture();
    expect(await main(['run', wav, '--out', join(dir, 'out')], io)).toBe(2);
    expect(io.err).toBe(`convolab: ${wav}: a WAV file, not a graph file: name the .convolab.json first and give inputs with --set NODE.PARAM=FILE or --each\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);

    const png = join(dir, 'picture.png');
    writeFileSync(png, readFileSync(new URL('../fixtures/io/gray8.png', import.meta.url)));
    const io2 = capture();
    expect(await main(['validate', png], io2)).toBe(2);
    expect(io2.err).toBe(
      `convolab: ${png}: a PNG image, not a graph file: name the .convolab.json first and give inputs with --set NODE.PARAM=FILE or --each ` +
        '(a PNG that Convolab wrote carries its graph and runs as it; this one carries none)\n',
    );
  });
});

describe('a PNG that Convolab wrote, given as the graph', () => {
  it('runs as the graph it carries (its relative paths from the PNG\'s folder), as the editor opens it; validate takes it too', async () => {
    const { embedGraphInPng } = await import('../../src-shared/io/png-text');
    const dir = tempDir();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'photo.png'), readFileSync(new URL('../fixtures/io/gray8.png', import.meta.url)));
    const graphText = readFileSync(
      writeGraph(
        dir,
        [
          { id: 'photo', type: 'source.image', params: { path: 'photo.png' } },
          { id: 'view', type: 'sink.image' },
        ],
        [['photo', 'out', 'view', 'in']],
      ),
      'utf8',
    );
    const carried = embedGraphInPng(new Uint8Array(readFileSync(new URL('../fixtures/io/gray8.png', import.meta.url))), graphText);
    if (!carried.ok) throw new Error(carried.error);
    const picture = join(dir, 'shared', 'result.png');
    writeFileSync(picture, carried.value);
    const io = capture();
    expect(await main(['validate', picture], io)).toBe(0);
    const run = capture();
    expect(await main(['run', picture, '--out', join(dir, 'out')], run), run.err).toBe(0);
    expect(readNpy(readFileSync(join(dir, 'out', 'view.npy'))).data.length).toBeGreaterThan(0);
    // A PNG whose graph chunk is broken is one located line, exit 2.
    const broken = new Uint8Array(carried.value);
    const at = Buffer.from(broken).indexOf('convolab');
    broken[at + 40] ^= 0xff;
    writeFileSync(join(dir, 'broken.png'), broken);
    const bad = capture();
    expect(await main(['run', join(dir, 'broken.png'), '--out', join(dir, 'out2')], bad)).toBe(2);
    expect(bad.err).toMatch(/^convolab: .*broken\.png: [^\n]+\n$/);
  });
});

describe('convolab as a real process', () => {
  it('exit codes 0, 1, 2 and stdout holding only the command\'s output', () => {
    const dir = tempDir();
    const good = diceGraph(dir);
    const run = (args: string[]) => runCli(args);
    const ok = run(['run', good, '--out', join(dir, 'o'), '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(JSON.parse(readFileSync(join(dir, 'o', 'run.json'), 'utf8')));
    expect(ok.stdout).toBe(readFileSync(join(dir, 'o', 'run.json'), 'utf8'));

    const failing = writeGraph(dir, [{ id: 'c', type: 'op.convolve' }, { id: 'p', type: 'sink.plot' }], [['c', 'out', 'p', 'in']], 'fail.json');
    const one = run(['run', failing, '--out', join(dir, 'o2')]);
    expect(one.status).toBe(1);
    expect(one.stderr).toContain('convolab: node c (op.convolve): input a is not connected');

    const two = run(['validate', join(dir, 'missing.json')]);
    expect(two.status).toBe(2);
    expect(two.stdout).toBe('');
    expect(two.stderr).toContain(`convolab: cannot read ${join(dir, 'missing.json')}: no such file`);
    expect(two.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it.each([
    ['the engine throws part-way', 'engine', /^convolab: the run crashed: Cannot read properties of undefined \(reading 'data'\): run it again with CONVOLAB_DEBUG=1 to see where\n$/],
    ['a node throws from a timer, outside any awaited promise', 'callback', /^convolab: the run crashed: Invalid typed array length: -1: run it again with CONVOLAB_DEBUG=1 to see where\n$/],
  ])('a crash in a run (%s) is one line on stderr and exit status 1, never a stack trace', (_what, how, line) => {
    const dir = tempDir();
    const graph = diceGraph(dir);
    const crashed = runCli(['run', graph, '--out', join(dir, 'o')], { preload: ['./test/cli/fixtures/crash.ts'], env: { CONVOLAB_CRASH: how }, from: 'source' });
    expect(crashed.status).toBe(1);
    expect(crashed.stderr).toMatch(line);
    expect(crashed.stderr).not.toMatch(/\n\s+at /);
    expect(crashed.stdout).toBe('');
  }, 60_000);
});

describe('crashes', () => {
  it('are reported in one line: exit 1 for a run (its results are incomplete), 2 for anything else', () => {
    const error = new Error('boom\n    at somewhere (x.ts:1:1)');
    const io = capture();
    expect(reportCrash(error, 'run', io, {})).toBe(1);
    expect(reportCrash(error, 'validate', io, {})).toBe(2);
    expect(reportCrash('a thrown string', undefined, io, {})).toBe(2);
    expect(io.err.split('\n').slice(0, -1)).toEqual([
      'convolab: the run crashed: boom: run it again with CONVOLAB_DEBUG=1 to see where',
      'convolab: internal error: boom: run it again with CONVOLAB_DEBUG=1 to see where',
      'convolab: internal error: a thrown string: run it again with CONVOLAB_DEBUG=1 to see where',
    ]);
  });

  it('show their stack only when CONVOLAB_DEBUG asks for it', () => {
    const io = capture();
    reportCrash(new Error('boom'), 'run', io, { CONVOLAB_DEBUG: '1' });
    expect(io.err).toMatch(/^convolab: the run crashed: boom\nError: boom\n\s+at /);
  });

  it('inside main: a run whose engine fails unexpectedly ends with exit status 1 and one line', async () => {
    const dir = tempDir();
    const graph = diceGraph(dir);
    const spy = vi.spyOn(Engine.prototype, 'run').mockRejectedValueOnce(new TypeError('x is not a function'));
    const io = capture();
    try {
      expect(await main(['run', graph, '--out', join(dir, 'o')], io)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(io.err).toBe('convolab: the run crashed: x is not a function: run it again with CONVOLAB_DEBUG=1 to see where\n');
  });
});

describe('a PNG that sink.file writes', () => {
  it('carries the graph it was run with (params set on the command line included), and the same pixels', async () => {
    const { graphInPng } = await import('../../src-shared/io/png-text');
    const { loadGraph } = await import('../../src-shared/graph/load');
    const { decode } = await import('fast-png');
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'img', type: 'source.testImage', params: { pattern: 'gradient', size: 8 } },
        { id: 'save', type: 'sink.file', params: { path: 'pic.png' } },
        { id: 'raw', type: 'sink.file', params: { path: 'pic.npy' } },
      ],
      [['img', 'out', 'save', 'in'], ['img', 'out', 'raw', 'in']],
    );
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'o'), '--set', 'img.size=16'], io)).toBe(0);
    const png = new Uint8Array(readFileSync(join(dir, 'pic.png')));
    const text = graphInPng(png);
    if (!text.ok || text.value === undefined) throw new Error('the PNG carries no graph');
    const carried = loadGraph(text.value);
    if (!carried.ok) throw new Error(carried.error);
    expect(carried.document.nodes.find((node) => node.id === 'img')?.params).toMatchObject({ size: 16 });
    // The chunk adds text, not pixels: the picture is the 16×16 gradient the .npy holds.
    const picture = decode(png);
    expect([picture.width, picture.height]).toEqual([16, 16]);
    const npy = readNpy(readFileSync(join(dir, 'pic.npy')));
    expect(npy.data.length).toBe(256);
    // Not a PNG: written as encoded, with no chunk spliced in.
    expect(graphInPng(new Uint8Array(readFileSync(join(dir, 'pic.npy')))).ok).toBe(false);
  });
});
