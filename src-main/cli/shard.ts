/**
 * `--shard K/N`: the K-th of N slices of a batch's sorted input list, so that N machines (a
 * Slurm job array, a Kubernetes Indexed Job, GNU parallel) each run their own share and
 * together run every input exactly once. K counts from 0, as Kubernetes' JOB_COMPLETION_INDEX
 * does (Slurm's array task ids are what `--array` says: use `--array=0-(N-1)`). Input i (from 0,
 * in sorted order) belongs to shard i mod N: dealt like cards, so each shard gets a spread of the
 * list rather than one end of it.
 */
import { UsageError } from './main';
import { printable } from '../../src-shared/graph/printable';

export interface Shard {
  /** Which slice, from 0. */
  readonly index: number;
  /** How many slices. */
  readonly count: number;
}

/** At most this many shards (far beyond any array a scheduler runs; keeps N a safe integer). */
const MAX_SHARDS = 1_000_000;

/** Reads `K/N`; a malformed or out-of-range spec is a one-line UsageError that says what to write. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d*)\s*\/\s*(\d*)\s*$/.exec(text);
  const shown = printable(text);
  if (!match) throw new UsageError(`--shard ${shown}: write K/N, e.g. --shard 0/4 for the first of 4 slices (K counts from 0)`);
  const [, indexText = '', countText = ''] = match;
  if (indexText === '') throw new UsageError(`--shard ${shown}: K is missing (is the variable that should give it, e.g. $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX, set?)`);
  if (countText === '') throw new UsageError(`--shard ${shown}: N is missing: write K/N, e.g. --shard 0/4`);
  const index = Number(indexText);
  const count = Number(countText);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${shown}: N must be 1 to ${MAX_SHARDS} (got ${countText})`);
  if (index >= count) {
    throw new UsageError(`--shard ${shown}: K counts from 0, so it must be 0 to ${count - 1} (with Slurm, use --array=0-${count - 1})`);
  }
  return { index, count };
}

/** The inputs of one shard, in their order: every N-th from the K-th. */
export function shardOf<T>(items: readonly T[], shard: Shard): T[] {
  const picked: T[] = [];
  for (let i = shard.index; i < items.length; i += shard.count) picked.push(items[i]!); // i < length
  return picked;
}
