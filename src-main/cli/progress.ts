/**
 * What a batch run prints on stderr as inputs finish. On a terminal: one line redrawn in place
 * (`\r`), a bar with the count, failures and rate, each failure printed above it as it happens.
 * Elsewhere (a log, a pipe, a scheduler's output file): one plain line per input, which reads
 * well in a Slurm or Kubernetes log and never leaves a half-drawn bar in it.
 */
import { printable } from '../../src-shared/graph/printable';
import type { SummaryRow } from './summary';

const BAR_WIDTH = 24;
/** ANSI "erase to the end of the line" after `\r`: a shorter line leaves nothing of the longer one. */
const CLEAR_LINE = '\r\u001b[K';

export interface ProgressOptions {
  readonly total: number;
  readonly terminal: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
}

export function describeRow(row: SummaryRow): string {
  const what = `${row.status} ${printable(row.input)}`;
  return row.status === 'ok' ? `${what} (${row.ms.toFixed(1)} ms)` : `${what}: ${printable(row.error)}`;
}

export class ProgressDisplay {
  private done = 0;
  private failed = 0;
  private readonly started: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    if (options.terminal && options.total > 0) options.write(this.bar());
  }

  /** One input finished. */
  add(row: SummaryRow): void {
    this.done++;
    if (row.status !== 'ok') this.failed++;
    const count = `[${this.done}/${this.options.total}]`;
    if (!this.options.terminal) {
      this.options.write(`${count} ${describeRow(row)}\n`);
      return;
    }
    const above = row.status === 'ok' ? '' : `${CLEAR_LINE}${count} ${describeRow(row)}\n`;
    this.options.write(`${above}${CLEAR_LINE}${this.bar()}`);
  }

  /** Ends the bar's line, so what follows starts on a line of its own. */
  finish(): void {
    if (this.options.terminal && this.options.total > 0) this.options.write('\n');
  }

  private bar(): string {
    const { total } = this.options;
    const filled = total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * this.done) / total);
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 && this.done > 0 ? `, ${(this.done / seconds).toFixed(1)} files/s` : '';
    const failures = this.failed > 0 ? `, ${this.failed} failed` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${this.done}/${total}${failures}${rate}`;
  }
}

/**
 * A single run's line on a terminal while a node takes long (an hour of audio through a reverb):
 * `convolab: running wet (op.convolve) 37%`, redrawn in place, erased when the node is done, so
 * nothing of it stays in the scrollback. Off a terminal a run prints nothing while it works.
 */
export class NodeProgressLine {
  private drawn = false;

  constructor(private readonly write: (text: string) => void) {}

  show(what: string, fraction: number): void {
    this.write(`${CLEAR_LINE}convolab: running ${printable(what)} ${Math.floor(fraction * 100)}%`);
    this.drawn = true;
  }

  /** Erases the line, if one is drawn. */
  clear(): void {
    if (!this.drawn) return;
    this.write(CLEAR_LINE);
    this.drawn = false;
  }
}
