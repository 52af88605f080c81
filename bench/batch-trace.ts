/**
 * Reads a batch run's timeline (CONVOLAB_BATCH_TRACE=FILE, src-main/cli/batch-trace.ts) and says
 * where an input's time went (docs/batch-io.md): per input, the worker's computing, its staging
 * (encoding and writing the files into temporaries), the wait for its commit; how long the
 * workers sat idle between inputs; how many commits were in flight at once, and the groups.
 *   npx tsx bench/batch-trace.ts FILE
 */
import { readFileSync } from 'node:fs';

interface Row {
  thread: number;
  id: number;
  computeStart?: number;
  computeEnd?: number;
  commitStart?: number;
  commitEnd?: number;
  group?: number;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npx tsx bench/batch-trace.ts TRACE.jsonl (a run with CONVOLAB_BATCH_TRACE=TRACE.jsonl)\n');
  process.exit(2);
}
/** Only the inputs that were computed and committed (a failed input has no commit). */
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row)
  .filter((row): row is Required<Row> => row.computeStart !== undefined && row.computeEnd !== undefined && row.commitStart !== undefined && row.commitEnd !== undefined);
if (rows.length === 0) {
  process.stderr.write(`${file}: no input with a whole timeline\n`);
  process.exit(1);
}
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const n = rows.length;
const compute = rows.map((row) => row.computeEnd - row.computeStart);
const stage = rows.map((row) => row.commitStart - row.computeEnd);
const commit = rows.map((row) => row.commitEnd - row.commitStart);
// A worker is busy from an input's computing start to its staging's end; idle otherwise, from its first input to its last commit.
let busy = 0;
let idle = 0;
for (const thread of new Set(rows.map((row) => row.thread))) {
  const mine = rows.filter((row) => row.thread === thread);
  const work = mine.reduce((sum, row) => sum + row.commitStart - row.computeStart, 0);
  busy += work;
  idle += Math.max(...mine.map((row) => row.commitEnd)) - Math.min(...mine.map((row) => row.computeStart)) - work;
}
const events = rows.flatMap((row) => [[row.commitStart, 1], [row.commitEnd, -1]] as const).sort((a, b) => a[0] - b[0]);
let inFlight = 0;
let area = 0;
let last = events[0]![0];
for (const [time, change] of events) {
  area += inFlight * (time - last);
  inFlight += change;
  last = time;
}
const span = Math.max(...rows.map((row) => row.commitEnd)) - Math.min(...rows.map((row) => row.computeStart));
const f = (value: number): string => value.toFixed(2);
process.stdout.write(
  `${n} inputs over ${f(span)} ms (${((1000 * n) / span).toFixed(1)} inputs/s)\n` +
    `per input, ms: compute ${f(mean(compute))} (median ${f(median(compute))}), stage ${f(mean(stage))}, commit ${f(mean(commit))} (median ${f(median(commit))})\n` +
    `workers: busy ${f(busy / n)} ms per input, idle ${f(idle / n)} (${((100 * idle) / (idle + busy)).toFixed(0)} % of their time)\n` +
    `commits in flight: ${f(area / span)} on average; inputs per group: ${f(mean(rows.map((row) => row.group ?? 1)))}\n`,
);
