/**
 * `convolab validate GRAPH`: checks a file without running it (exit 0 or 2), and the graph-file
 * reading that `run` shares: one located line on stderr for a file that cannot be used.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { UsageError, type CliIo } from './main';

/** Reads and checks a graph file; a problem becomes a one-line UsageError naming the file and the place. */
export async function readGraphFile(path: string, io: CliIo): Promise<GraphDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UsageError(`cannot read ${path}: ${why}`);
  }
  const loaded = loadGraph(text);
  if (!loaded.ok) {
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more problem${loaded.errors.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`${path}: ${oneLine(loaded.error)}${more}`);
  }
  for (const warning of loaded.warnings) io.stderr(`convolab: warning: ${path}: ${oneLine(warning)}\n`);
  return loaded.document;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * NPY version 1.0 (numpy.lib.format): magic, header length, a Python-dict header padded with
 * spaces to a multiple of 64 bytes and ending in a newline, then little-endian float64 data.
 */
export function encodeNpy(shape: readonly number[], data: Float64Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const bytes = new Uint8Array(10 + header.length + data.length * 8);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const view = new DataView(bytes.buffer, 10 + header.length);
  for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i], true);
  return bytes;
}

export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const files = args.filter((arg) => !arg.startsWith('-'));
  const option = args.find((arg) => arg.startsWith('-'));
  if (option !== undefined) throw new UsageError(`validate: unknown option ${option}: try convolab --help`);
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'validate: name a graph file: convolab validate GRAPH' : `validate: one graph file only (got ${files.length})`);
  const path = resolve(io.cwd, files[0]);
  const document = await readGraphFile(path, io);
  io.stdout(`${path}: ok (${document.nodes.length} node${document.nodes.length === 1 ? '' : 's'}, ${document.edges.length} edge${document.edges.length === 1 ? '' : 's'})\n`);
  return 0;
}
