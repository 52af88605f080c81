/**
 * `convolab export-python` end to end: every shipped example exported, run by `convolab run`,
 * and checked by its own script with python3, numpy and scipy (skipped, with a note, where they
 * are missing: tests must not need Python).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeWav } from '../../src-shared/io/wav';
import { capture, tempDir, writeGraph } from './helpers';
import { type PythonResult, PythonRunner } from './python-runner';

const hasPython = spawnSync('python3', ['-c', 'import numpy, scipy.signal'], { encoding: 'utf8' }).status === 0;
if (!hasPython) console.warn('export-python: python3 with numpy and scipy is missing here, so the scripts are not run (only exported)');

const EXAMPLES = readdirSync('examples').filter((name) => name.endsWith('.convolab.json')).sort();

// The examples run from a copy: one writes reverb.wav next to itself, which must not land in
// examples/ (test/examples/examples.test.ts checks that it does not).
let copied: string | undefined;
function examplesCopy(): string {
  if (copied === undefined) {
    copied = tempDir();
    cpSync('examples', copied, { recursive: true, filter: (path) => !path.endsWith('.png') && !path.endsWith('.wav') });
  }
  return copied;
}

// One interpreter for the file, each script still a process of its own (python-runner.ts).
let runner: PythonRunner | undefined;

function python(script: string, args: readonly string[] = [], cwd?: string): Promise<PythonResult> {
  runner ??= new PythonRunner();
  return runner.run(script, args, cwd);
}

async function exportTo(graph: string, script: string) {
  const io = capture();
  const code = await main(['export-python', graph, '-o', script], io);
  return { code, io };
}

describe('convolab export-python', () => {
  it('prints the script on stdout without -o, and names the nodes it cannot compute on stderr', async () => {
    const io = capture();
    expect(await main(['export-python', 'examples/ct-3d-sparse.convolab.json'], io)).toBe(0);
    expect(io.out).toMatch(/^#!\/usr\/bin\/env python3\n"""ct-3d-sparse\.convolab\.json, exported from Convolab/);
    expect(io.out).toContain('def run_graph():');
    const warnings = io.err.trim().split('\n');
    expect(warnings).toHaveLength(7);
    expect(warnings[0]).toBe('convolab: warning: node "phantom" (source.phantom3d): volumes and the 3-D CT nodes (cone-beam projection, FDK, the U-Net) are not ported to Python yet: the script raises NotImplementedError there');
  });

  it('refuses a missing graph, a second graph, an unknown option and -o without a file in one line, exit 2', async () => {
    const cases: [string[], string][] = [
      [['export-python'], 'convolab: export-python: name a graph file: convolab export-python GRAPH [-o FILE]\n'],
      [['export-python', 'a.json', 'b.json'], 'convolab: export-python: one graph file only (got '],
      [['export-python', 'a.json', '--fast'], 'convolab: export-python: unknown option --fast: try convolab --help\n'],
      [['export-python', 'a.json', '-o'], 'convolab: -o needs a file name: convolab export-python GRAPH -o script.py\n'],
      [['export-python', 'no-such.convolab.json'], 'convolab: cannot read '],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err.startsWith(message), io.err).toBe(true);
      expect(io.err.trim().split('\n')).toHaveLength(1);
      expect(io.out).toBe('');
    }
  });

  it('is listed in --help', async () => {
    const io = capture();
    await main(['--help'], io);
    expect(io.out).toContain('convolab export-python GRAPH [-o FILE]');
  });
});

describe.skipIf(!hasPython)('an exported script run by python3 next to convolab run', () => {
  afterAll(async () => runner?.stop());

  it.each(EXAMPLES)('%s: reproduces every sink, or raises NotImplementedError naming the node it cannot compute', async (file) => {
    const dir = tempDir();
    const script = join(dir, file.replace('.convolab.json', '.py'));
    const graph = join(examplesCopy(), file);
    const exported = await exportTo(graph, script);
    expect(exported.code).toBe(0);
    const unsupported = [...exported.io.err.matchAll(/^convolab: warning: node "([^"]+)" \(([^)]+)\)/gm)].map((match) => [match[1], match[2]]);
    if (unsupported.length > 0) {
      // The first node it cannot compute in the order the engine runs: the script stops there.
      const result = await python(script);
      expect(result.status).not.toBe(0);
      const [id, type] = unsupported[0]!;
      expect(result.stderr).toMatch(new RegExp(`^NotImplementedError: node '${id}' \\(${type.replace('.', '\\.')}\\): .+$`, 'm'));
      return;
    }
    const out = join(dir, 'out');
    const run = capture();
    expect(await main(['run', graph, '--out', out], run), run.err).toBe(0);
    const sinks = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).nodes.filter((node: { type: string }) => node.type.startsWith('sink.'));
    const result = await python(script, ['--check', out]);
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((line) => line.startsWith('ok    '))).toHaveLength(sinks.length);
    expect(lines.at(-1)).toBe(`${sinks.length} of ${sinks.length} sinks match Convolab's results in ${out}`);
  });

  it('reproduces a graph of every ported node type with the options whose conventions differ (modes, boundaries, strides, origins, windows, seeds, WAV encodings, PNG colour types and filters, expressions)', async () => {
    const dir = tempDir();
    const graph = 'test/fixtures/python-export/coverage.convolab.json';
    const script = join(dir, 'coverage.py');
    expect((await exportTo(graph, script)).io.err).not.toContain('warning');
    const out = join(dir, 'out');
    expect(await main(['run', graph, '--out', out], capture())).toBe(0);
    // The script sits elsewhere: its WAVs and PNGs are read from the graph's folder, as Convolab reads them.
    const result = await python(script, ['--check', out, '--folder', 'test/fixtures/python-export']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`116 of 116 sinks match Convolab's results in ${out}`);
    expect(result.status).toBe(0);
  });

  it('a script away from the graph says in one line where it looked for a relative WAV, and how to point it at the graph (exit 2)', async () => {
    const graphDir = tempDir();
    const written = writeWav([Float64Array.from([0, 0.5, -0.5, 0.25])], 8000);
    if (!written.ok) throw new Error(written.error);
    writeFileSync(join(graphDir, 'speech.wav'), written.value);
    const graph = writeGraph(graphDir, [{ id: 'in', type: 'source.audio', params: { path: 'speech.wav' } }, { id: 'plot', type: 'sink.plot' }], [['in', 'out', 'plot', 'in']]);
    const elsewhere = tempDir();
    const script = join(elsewhere, 'speech.py');
    expect((await exportTo(graph, script)).code).toBe(0);
    if (!hasPython) return;
    const lost = await python(script);
    expect(lost.status).toBe(2);
    expect(lost.stderr).toBe(`speech.wav: no such file in ${elsewhere}: keep this script beside the graph, or give the graph's folder with --folder DIR\n`);
    const found = await python(script, ['--folder', graphDir]);
    expect(found.stderr).toBe('');
    expect(found.status).toBe(0);
  });

  it('fails the check, naming the sink, when a result differs from Convolab\'s beyond the tolerance', async () => {
    const dir = tempDir();
    const script = join(dir, 'dice.py');
    const out = join(dir, 'out');
    await exportTo('examples/two-dice.convolab.json', script);
    expect(await main(['run', 'examples/two-dice.convolab.json', '--out', out], capture())).toBe(0);
    expect((await python(script, ['--check', out])).status).toBe(0);
    // P(sum = 2) one part in a million too high: far beyond 1e-9, well inside float32 rounding.
    const npy = readFileSync(join(out, 'plot.npy'));
    const data = npy.subarray(npy.length - 11 * 8);
    data.writeDoubleLE(data.readDoubleLE(0) * (1 + 1e-6), 0);
    writeFileSync(join(out, 'plot.npy'), npy);
    const result = await python(script, ['--check', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}'plot': relError 1\.\d+e-07 > 1e-09 \(maxAbsError /m);
    expect(result.stdout).toMatch(/^ok {4}'table': /m);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`1 of 2 sinks match Convolab's results in ${out}`);
  });

  it('passes a sink whose exact zeros came out of an FFT as rounding noise, and still fails a difference above 1e-12 there', async () => {
    const dir = tempDir();
    // sharpen(-1) is 0 in its corners, and stride 2 keeps only the corners: exactly 0 everywhere.
    // Convolab's FFT gives noise near 1e-16, scipy's direct sum exact zeros: relError about 1.
    const graph = writeGraph(
      dir,
      [
        { id: 'k', type: 'kernel.sharpen', params: { amount: -1 } },
        { id: 'id', type: 'kernel.identity', params: { dims: 2, size: 5 } },
        { id: 'c', type: 'op.correlate', params: { method: 'fft', mode: 'same', boundary: 'nearest', stride: 2 } },
        { id: 'view', type: 'sink.image' },
      ],
      [['k', 'out', 'c', 'a'], ['id', 'out', 'c', 'b'], ['c', 'out', 'view', 'in']],
    );
    const script = join(dir, 'zeros.py');
    await exportTo(graph, script);
    const out = join(dir, 'out');
    expect(await main(['run', graph, '--out', out], capture())).toBe(0);
    const values = readFileSync(join(out, 'view.npy'));
    const pixels = new Float64Array(values.buffer.slice(values.byteOffset + values.length - 4 * 8, values.byteOffset + values.length));
    // The premise: Convolab's pixels are noise, not exact zeros, and no more than rounding.
    expect(Math.max(...pixels.map(Math.abs))).toBeGreaterThan(0);
    expect(Math.max(...pixels.map(Math.abs))).toBeLessThan(1e-14);
    const ok = await python(script, ['--check', out]);
    expect(ok.stdout).toMatch(/^ok {4}'view': maxAbsError <= 1e-12: every difference is rounding of values that are 0$/m);
    expect(ok.status).toBe(0);
    // A real value where 0 belongs is no rounding: it fails.
    values.writeDoubleLE(1e-9, values.length - 8);
    writeFileSync(join(out, 'view.npy'), values);
    const wrong = await python(script, ['--check', out]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(/^FAIL {2}'view': relError 1 > 1e-05 \(maxAbsError 1e-09\)$/m);
  });

  it('a check against a run given --set fails, and says on stderr that the script computes the graph as exported', async () => {
    const dir = tempDir();
    const script = join(dir, 'dice.py');
    const plain = join(dir, 'plain');
    const changed = join(dir, 'changed');
    await exportTo('examples/two-dice.convolab.json', script);
    expect(await main(['run', 'examples/two-dice.convolab.json', '--out', plain], capture())).toBe(0);
    expect(await main(['run', 'examples/two-dice.convolab.json', '--out', changed, '--set', 'dieA.faces=8'], capture())).toBe(0);
    const ok = await python(script, ['--check', plain]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe('');
    const result = await python(script, ['--check', changed]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}'plot': /m);
    expect(result.stderr.trim()).toBe(
      'This script computes the graph as it was exported: a run given --set, an --each input or a graph edited since gives other results; export the graph that ran, or check a run of this one.',
    );
  });

  it('fails the check when a start differs or a sink\'s results are missing', async () => {
    const dir = tempDir();
    const script = join(dir, 'dice.py');
    const out = join(dir, 'out');
    await exportTo('examples/two-dice.convolab.json', script);
    expect(await main(['run', 'examples/two-dice.convolab.json', '--out', out], capture())).toBe(0);
    const meta = JSON.parse(readFileSync(join(out, 'plot.json'), 'utf8'));
    writeFileSync(join(out, 'plot.json'), JSON.stringify({ ...meta, start: 1 }));
    rmSync(join(out, 'table.json'));
    const result = await python(script, ['--check', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("FAIL  'plot': start is 1 in Convolab but 2 here");
    expect(result.stdout).toContain("FAIL  'table': Convolab wrote no table.json (did the node fail there?)");
  });

  it('keeps hostile ids and labels as data: the script runs, checks, and executes none of them', async () => {
    const dir = tempDir();
    const injected = `__import__("os").system("touch ${join(dir, 'pwned')}")`;
    const id = `x"); ${injected}; ("`;
    const graph = writeGraph(
      dir,
      [
        { id, type: 'source.sequence', label: `a\n${injected}\n`, params: { values: [1, 2] } },
        { id: `${id}'''`, type: 'sink.plot', label: '"""' },
      ],
      [[id, 'out', `${id}'''`, 'in']],
    );
    const script = join(dir, 'evil.py');
    expect((await exportTo(graph, script)).code).toBe(0);
    const out = join(dir, 'out');
    expect(await main(['run', graph, '--out', out], capture())).toBe(0);
    const result = await python(script, ['--check', out], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    // The sink's id comes back whole: Python's repr of a string holding both quotes escapes the single ones.
    const repr = `'${`${id}'''`.replace(/'/g, "\\'")}'`;
    expect(result.stdout.split('\n')[0]).toBe(`ok    ${repr}: relError 0 <= 1e-09`);
    expect((await python(script, [], dir)).stdout).toBe(`${repr}: signal of 2 samples from index 0\n`);
  });
});
