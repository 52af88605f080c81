/**
 * `convolab validate GRAPH`: checks a file without running it (exit 0 or 2), and the graph-file
 * reading that `run` shares: one located line on stderr for a file that cannot be used.
 */
import { resolve } from 'node:path';
import type { GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { printable } from '../../src-shared/graph/printable';
import { MAX_DOCUMENT_CHARS } from '../../src-shared/graph/json';
import { graphInPng } from '../../src-shared/io/png-text';
import { isShareLink } from '../../src-shared/io/share-link';
import { FileReadRefused, readRegularFile } from '../files/regular';
import { UsageError, type CliIo } from './main';
import { sinkFileNames } from './outputs';

/**
 * Files given in the graph's place by mistake (`convolab run input.wav --out DIR`), told by their
 * first bytes: said as what they are, rather than as JSON that fails at line 1, column 1.
 */
const PNG_MAGIC: readonly number[] = [0x89, 0x50, 0x4e, 0x47];
const NOT_GRAPHS: readonly { readonly what: string; readonly magic: readonly number[] }[] = [
  { what: 'a PNG image', magic: PNG_MAGIC },
  { what: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { what: 'a WAV file', magic: [0x52, 0x49, 0x46, 0x46] },
  { what: 'an NPY array', magic: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] },
  { what: 'a gzip file', magic: [0x1f, 0x8b] },
];

/** Why `bytes` cannot be a graph file when they are a known other kind of file, else undefined. */
export function notAGraph(bytes: Uint8Array): string | undefined {
  const found = NOT_GRAPHS.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte));
  if (!found) return undefined;
  const png = found.what === 'a PNG image' ? ' (a PNG that Convolab wrote carries its graph and runs as it; this one carries none)' : '';
  return `${found.what}, not a graph file: name the .convolab.json first and give inputs with --set NODE.PARAM=FILE or --each${png}`;
}

/**
 * The graph text in the file's bytes: the bytes themselves, or the graph a PNG that Convolab wrote
 * carries (as the editor opens such a PNG); a UsageError for any other kind of file.
 */
function graphTextOf(path: string, bytes: Uint8Array): string {
  if (isPng(bytes)) {
    const carried = graphInPng(bytes);
    if (!carried.ok) throw new UsageError(`${printable(path)}: ${carried.error}`);
    if (carried.value !== undefined) return carried.value;
  }
  const other = notAGraph(bytes);
  if (other !== undefined) throw new UsageError(`${printable(path)}: ${other}`);
  return new TextDecoder().decode(bytes);
}

function isPng(bytes: Uint8Array): boolean {
  return PNG_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Reads and checks a graph file; a problem becomes a one-line UsageError naming the file and the place (with everyProblem, a line for each). */
export async function readGraphFile(path: string, io: CliIo, options: { everyProblem?: boolean } = {}): Promise<GraphDocument> {
  let text: string;
  try {
    // A graph file, not a device or a pipe, and no larger than the editor would open.
    const bytes = await readRegularFile(path, MAX_DOCUMENT_CHARS);
    text = graphTextOf(path, bytes);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A share link copied from the editor, given where a file goes: its path is the link glued to
    // the folder, and it may be 32 KB long. Say what it is and how to get a file from it instead.
    if (code === 'ENOENT' && isShareLink(path)) {
      throw new UsageError('a share link (…#graph=…) is not a graph file: paste it into the editor (Ctrl/Cmd+V), save it there as a file, and give that file');
    }
    const why =
      error instanceof FileReadRefused ? error.message
      : code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'it is a folder'
      : code === 'EACCES' ? 'permission denied'
      : String(code ?? error);
    throw new UsageError(`cannot read ${printable(path)}: ${why}`);
  }
  const loaded = loadGraph(text);
  if (!loaded.ok) {
    // validate names every problem, a line each; run and export-python the first and how many more.
    if (options.everyProblem) throw new UsageError(`${printable(path)}: ${oneLine(loaded.errors[0] ?? loaded.error)}`, loaded.errors.slice(1).map((problem) => `${printable(path)}: ${oneLine(problem)}`));
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more problem${loaded.errors.length > 2 ? 's' : ''}: convolab validate lists them)` : '';
    throw new UsageError(`${printable(path)}: ${oneLine(loaded.error)}${more}`);
  }
  for (const warning of loaded.warnings) io.stderr(`convolab: warning: ${printable(`${path}: ${oneLine(warning)}`)}\n`);
  return loaded.document;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const files = args.filter((arg) => !arg.startsWith('-'));
  const option = args.find((arg) => arg.startsWith('-'));
  if (option !== undefined) throw new UsageError(`validate: unknown option ${option}: try convolab --help`);
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'validate: name a graph file: convolab validate GRAPH' : `validate: one graph file only (got ${files.length})`);
  const path = resolve(io.cwd, files[0]!); // exactly one, checked above
  const document = await readGraphFile(path, io, { everyProblem: true });
  // The names run would write: two sinks sharing a file is a mistake to catch before any run.
  const outputs = sinkFileNames(document);
  if (!outputs.ok) throw new UsageError(`${printable(path)}: ${outputs.error}`);
  io.stdout(`${printable(path)}: ok (${document.nodes.length} node${document.nodes.length === 1 ? '' : 's'}, ${document.edges.length} edge${document.edges.length === 1 ? '' : 's'})\n`);
  return 0;
}
