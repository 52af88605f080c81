/**
 * `convolab export-python GRAPH [-o FILE]`: the graph as a numpy/scipy script
 * (src-shared/export/python.ts) on stdout, or written to FILE. A node the script cannot compute
 * is named on stderr (the script raises NotImplementedError there); the export itself succeeds.
 */
import { basename, resolve } from 'node:path';
import { exportPython } from '../../src-shared/export/python';
import { printable } from '../../src-shared/graph/printable';
import { writeFileAtomic } from '../files/atomic';
import { UsageError, type CliIo } from './main';
import { readGraphFile } from './validate';

export interface ExportPythonArguments {
  readonly graph: string;
  readonly out: string | undefined;
}

export function parseExportPythonArguments(args: readonly string[], cwd: string): ExportPythonArguments {
  let graph: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!; // i < args.length
    if (arg === '-o' || arg === '--out') {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a file name: convolab export-python GRAPH -o script.py`);
      out = next;
    } else if (arg.startsWith('-')) throw new UsageError(`export-python: unknown option ${arg}: try convolab --help`);
    else if (graph === undefined) graph = arg;
    else throw new UsageError(`export-python: one graph file only (got ${graph} and ${arg})`);
  }
  if (graph === undefined) throw new UsageError('export-python: name a graph file: convolab export-python GRAPH [-o FILE]');
  return { graph: resolve(cwd, graph), out: out === undefined ? undefined : resolve(cwd, out) };
}

export async function exportPythonCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseExportPythonArguments(args, io.cwd);
  const document = await readGraphFile(options.graph, io);
  const { text, unsupported } = exportPython(document, basename(options.graph));
  for (const node of unsupported) {
    io.stderr(`convolab: warning: node ${printable(`${JSON.stringify(node.id)} (${node.type}): ${node.reason}`)}: the script raises NotImplementedError there\n`);
  }
  if (options.out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeFileAtomic(options.out, text);
  } catch (error) {
    throw new UsageError(`cannot write ${printable(options.out)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  io.stderr(`wrote ${printable(options.out)}: run it with python3 ${printable(basename(options.out))} --check DIR next to convolab run GRAPH --out DIR\n`);
  return 0;
}
