/**
 * The side-by-side table of PERF.md in one command: bench/run.ts (ours with the SIMD kernels,
 * ours plain, fft.js, pffft-wasm), bench/scipy.py (numpy/scipy) and bench/native.ts (FFTW,
 * OpenCV), each in its own process on the same cases, merged into a Markdown table; a missing
 * tool leaves its column empty with a note. `npm run bench:compare [-- --filter TEXT]`
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nativeRows } from './native';

interface Row { op: string; n?: number; shape?: string; ours_ms?: number | null; peers?: Record<string, number | null>; [key: string]: unknown }

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args[filterIndex + 1] ?? '' : '';
const notes: string[] = [];

/** Cases are matched on the op up to its mode words, and the size. */
const key = (r: Row): string => `${r.op.replace(/ same.*$/, '')}|${r.n ?? r.shape}`;

const ours = JSON.parse(execFileSync('npx', ['tsx', `${here}run.ts`, '--json', ...(filter ? ['--filter', filter] : [])], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Row[];
let scipy: Row[] = [];
try {
  scipy = JSON.parse(execFileSync('python3', [`${here}scipy.py`, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Row[];
} catch {
  notes.push('scipy skipped: python3 with numpy and scipy not found');
}
const native = nativeRows(filter);
notes.push(...native.notes);
const byKey = new Map<string, Row>();
for (const r of [...scipy, ...(native.rows as Row[])]) byKey.set(key(r), { ...byKey.get(key(r)), ...r });

const ms = (v: unknown): string => (typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3)) : '—');
const scipyOf = (r: Row | undefined): number | undefined => {
  if (!r) return undefined;
  const candidates = ['scipy', 'ndimage.gaussian_filter', 'fftconvolve', 'oaconvolve', 'convolve(auto)']
    .map((k) => r[k]).filter((v): v is number => typeof v === 'number');
  return candidates.length ? Math.min(...candidates) : undefined;
};
const lines = [
  '| case | size | ours (SIMD) | ours (plain) | ours 2 threads | fft.js | pffft-wasm | scipy | FFTW | OpenCV |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const r of ours) {
  const other = byKey.get(key(r));
  const p = r.peers ?? {};
  lines.push(`| ${r.op} | ${r.n ?? r.shape} | ${ms(r.ours_ms)} | ${ms(p['ours plain'] ?? p['ours plain 1 thread'])} | ${ms(p['ours 2 threads'])} | ${ms(p['fft.js'])} | ${ms(p.pffft)} | ${ms(scipyOf(other))} | ${ms(other?.fftw_ms)} | ${ms(other?.opencv_ms)} |`);
}
process.stdout.write(lines.join('\n') + '\n');
for (const note of notes) process.stdout.write(`\nnote: ${note}\n`);
