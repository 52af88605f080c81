/**
 * Native anchors for the bench table (PERF.md): FFTW 3 from Debian's libfftw3 (bench/fftw.c,
 * compiled here with gcc) and OpenCV from Debian's python3-opencv (bench/opencv.py), on the
 * cases of bench/run.ts, one thread each, in CPU time per call as ours (docs/bench.md). Measurement tools only: a missing compiler, library or module skips its
 * column with a note. `npm run bench:native [-- --json] [-- --filter TEXT]`
 *   apt-get install -y libfftw3-dev python3-opencv
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeRow {
  op: string; n?: number; shape?: string; fftw_ms?: number; opencv_ms?: number;
  /** OpenCV into an output array kept across calls (dst=). */ opencv_dst_ms?: number;
  /** The clock each tool timed with: 'cpu', its process's CPU time (one thread each). */
  fftw_clock?: 'cpu' | 'wall'; opencv_clock?: 'cpu' | 'wall';
}

const here = fileURLToPath(new URL('.', import.meta.url));
/** The FFT lengths of bench/run.ts. */
export const FFT_SIZES = [...Array.from({ length: 13 }, (_, i) => 1 << (i + 10)), 1000, 4095, 100003];

function fftw(sizes: number[], notes: string[]): NativeRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'convolab-fftw-'));
  try {
    const binary = join(dir, 'fftw-bench');
    try {
      execFileSync('gcc', ['-O2', '-o', binary, join(here, 'fftw.c'), '-lfftw3', '-lm'], { stdio: 'pipe' });
    } catch (error) {
      notes.push(`FFTW skipped: could not build bench/fftw.c (apt-get install -y gcc libfftw3-dev): ${String((error as { stderr?: Buffer }).stderr ?? error).split('\n')[0]}`);
      return [];
    }
    const out = execFileSync(binary, sizes.map(String), { encoding: 'utf8', maxBuffer: 1 << 24 });
    return out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as NativeRow);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function opencv(filter: string, notes: string[]): NativeRow[] {
  // Debian's python3-opencv installs for Debian's python, which may not be the first python3.
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      return JSON.parse(execFileSync(python, [join(here, 'opencv.py'), ...(filter ? ['--filter', filter] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as NativeRow[];
    } catch {
      // try the next
    }
  }
  notes.push('OpenCV skipped: no python3 with cv2 (apt-get install -y python3-opencv)');
  return [];
}

/** Whether a case's "op size" contains the filter, with or without the dtype word (as run.ts names its cases). */
export function selected(op: string, size: number | string, filter: string): boolean {
  return [op, op.replace(/ f(32|64)\b/, '')].some((name) => `${name} ${size}`.includes(filter));
}

export function nativeRows(filter = ''): { rows: NativeRow[]; notes: string[] } {
  const notes: string[] = [];
  const sizes = FFT_SIZES.filter((n) => `fft complex ${n}`.includes(filter) || `fft real ${n}`.includes(filter));
  const rows = [...(sizes.length ? fftw(sizes, notes) : []), ...opencv(filter, notes)];
  return { rows: rows.filter((r) => selected(r.op, r.n ?? r.shape ?? '', filter)), notes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const filterIndex = args.indexOf('--filter');
  const { rows, notes } = nativeRows(filterIndex >= 0 ? args[filterIndex + 1] ?? '' : '');
  if (args.includes('--json')) process.stdout.write(JSON.stringify(rows) + '\n');
  else {
    for (const r of rows) {
      const cols = [r.fftw_ms !== undefined ? `fftw ${r.fftw_ms.toFixed(3)}` : '', r.opencv_ms !== undefined ? `opencv ${r.opencv_ms.toFixed(3)}` : '', r.opencv_dst_ms !== undefined ? `opencv into dst ${r.opencv_dst_ms.toFixed(3)}` : ''].filter(Boolean);
      process.stdout.write(`${r.op.padEnd(34)} ${String(r.n ?? r.shape).padEnd(18)} ${cols.join('  ')}\n`);
    }
    for (const note of notes) process.stdout.write(`note: ${note}\n`);
  }
}
