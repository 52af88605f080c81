/**
 * What the CLI's tests share: an io that keeps what a command prints, scratch folders, graph
 * files written from a few nodes and links, and the CLI started as a real process (built).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { CliIo } from '../../src-main/cli/main';
import type { GraphEdge } from '../../src-shared/graph/document';

/** A CLI io that keeps what the command prints. */
export function capture(cwd = process.cwd()): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd, stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'convolab-cli-'));
}

/** An edge as [source, sourceHandle, target, targetHandle]. */
export type Link = [string, string, string, string];

/** The edges of `links`, with ids e0, e1, … */
export function edgesOf(links: readonly Link[]): GraphEdge[] {
  return links.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle }));
}

/** Writes a graph file (version 1 unless told) of these nodes and links into `dir`; returns its path. */
export function writeGraph(dir: string, nodes: object[], links: readonly Link[], name = 'g.convolab.json', version = 1): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ format: 'convolab.graph', version, nodes, edges: edgesOf(links) }, null, 2));
  return path;
}

/**
 * This run's build of the CLI (test/built-cli.setup.ts builds it once for the "simd-apart"
 * project): tests about what the CLI does as a process start it, not the TypeScript source
 * through tsx, which costs several times the CPU on every start.
 */
export function builtCli(): string {
  const folder = inject('builtCli');
  if (!folder) throw new Error('no built CLI: run this file in vitest\'s "simd-apart" project, whose global setup (test/built-cli.setup.ts) builds it');
  return folder;
}

export interface CliStart {
  /** Modules loaded with `--import` before the CLI (TypeScript, through tsx). */
  preload?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Node's own flags, such as a heap cap. */
  nodeFlags?: readonly string[];
  /**
   * 'built' (the default): this run's build, what the installed `convolab` runs. 'source':
   * src-main/cli/main.ts through tsx, for a test of the development path or one whose preload
   * patches our own modules (a bundle holds copies of them that a preload cannot reach).
   */
  from?: 'built' | 'source';
}

/** Node's arguments to run the CLI as a user's shell would, with `--import` preloads and node's own flags first. */
function cliArguments(args: readonly string[], { preload = [], nodeFlags = [], from = 'built' }: CliStart): string[] {
  const entry = from === 'source' ? 'src-main/cli/main.ts' : join(builtCli(), 'convolab.mjs');
  const loader = from === 'source' || preload.length > 0 ? ['--import', 'tsx'] : [];
  return [...nodeFlags, ...loader, ...preload.flatMap((path) => ['--import', path]), entry, ...args];
}

function cliEnv({ env = {}, from = 'built' }: CliStart): NodeJS.ProcessEnv {
  // The built CLI as installed: nothing the test runner put in NODE_OPTIONS.
  return { ...process.env, ...(from === 'built' ? { NODE_OPTIONS: '' } : {}), ...env };
}

/** Runs the CLI as a process to its end. */
export function runCli(args: readonly string[], start: CliStart = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, cliArguments(args, start), { encoding: 'utf8', cwd: process.cwd(), env: cliEnv(start) });
}

const started: ChildProcess[] = [];

/** Starts the CLI as a process (stopped by `stopStartedClis`, for an afterEach). */
export function startCli(args: readonly string[], start: CliStart = {}): ChildProcess {
  const child = spawn(process.execPath, cliArguments(args, start), { cwd: process.cwd(), env: cliEnv(start), stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  return child;
}

export function stopStartedClis(): void {
  for (const child of started.splice(0)) child.kill('SIGKILL');
}

/** Collects a child's output until it exits, killing it if its memory passes `maxRssBytes` (Linux /proc). */
export async function finishCli(child: ChildProcess, maxRssBytes = Infinity): Promise<{ status: number | null; stdout: string; stderr: string; peakRss: number }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let peakRss = 0;
  let done = false;
  void exited.then(() => (done = true));
  for (let probe = 0; probe < 3000 && !done; probe++) {
    const status = existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : '';
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    peakRss = Math.max(peakRss, rss);
    if (rss > maxRssBytes) child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const status = await exited;
  return { status, stdout, stderr, peakRss };
}
