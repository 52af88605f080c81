import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src-main/cli/main';

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

/** Writes a version-1 graph file of these nodes and links into `dir`; returns its path. */
export function writeGraph(dir: string, nodes: object[], links: Link[], name = 'g.convolab.json'): string {
  const edges = links.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle }));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ format: 'convolab.graph', version: 1, nodes, edges }, null, 2));
  return path;
}
