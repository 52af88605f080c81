/**
 * What the CLI's tests share: an io that keeps what a command prints, scratch folders, graph
 * files written from a few nodes and links, and the CLI started as a real process.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Node's arguments to run the CLI from source as a user's shell would, with `--import` preloads and node's own flags first. */
function cliArguments(args: readonly string[], preload: readonly string[], nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, '--import', 'tsx', ...preload.flatMap((path) => ['--import', path]), 'src-main/cli/main.ts', ...args];
}

/** Runs the CLI as a process to its end. */
export function runCli(args: readonly string[], preload: readonly string[] = [], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, cliArguments(args, preload), { encoding: 'utf8', cwd: process.cwd(), env: { ...process.env, ...env } });
}

const started: ChildProcess[] = [];

/** Starts the CLI as a process (stopped by `stopStartedClis`, for an afterEach); `nodeFlags` such as a heap cap. */
export function startCli(args: readonly string[], preload: readonly string[] = [], env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, cliArguments(args, preload, nodeFlags), { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
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
