/**
 * `convolab`: the command-line entry. `npm run convolab -- <command>` runs it from source.
 * A user's mistake ends with one line on stderr and exit status 2, never a stack trace; so does
 * a crash (a bug of ours), with exit status 1 when it stopped a run part-way (CONVOLAB_DEBUG=1
 * adds the stack for whoever fixes it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printable } from '../../src-shared/graph/printable';

export const USAGE = `Convolab ${version()}: signal- and image-processing graphs, run headless or served to a browser.

Usage:
  convolab run GRAPH --out DIR [--json] [--check]   run a graph; write every sink to DIR
      [--set NODE.PARAM=VALUE]...                   with a param changed (repeatable)
      [--each NODE.PARAM=GLOB [-j N] [--shard K/N]] once per matching file, N at once, into
                                                    DIR/<file name>/, with DIR/summary.csv;
                                                    --shard: the K-th (from 0) of N slices
      [--memory SIZE]                               what a run may hold (default 1G, or
                                                    CONVOLAB_MEMORY=SIZE; each of -j N engines
                                                    has its own), e.g. 4G
  convolab validate GRAPH                           check a graph file without running it
  convolab export-python GRAPH [-o FILE]            write the graph as a numpy/scipy script
  convolab serve [DIR] [--port N] [--host H] [--open] [--memory SIZE]
                                                    serve the editor to a browser on
                                                    http://127.0.0.1:N (default port 5178);
                                                    --memory: each page's run budget (1G,
                                                    or CONVOLAB_MEMORY=SIZE when not given)
  convolab --help | --version

Exit status: 0 ok, 1 some node failed (or a check failed with --check), 2 the input could not be used.
A crash is one line on stderr (exit 1 in a run, 2 otherwise); CONVOLAB_DEBUG=1 adds the stack.`;

/** The commands the usage lists. */
const COMMANDS: readonly string[] = ['run', 'validate', 'export-python', 'serve'];

/** The usage of one command: its lines of USAGE (the command and the lines under it) and the exit status. */
export function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  convolab ${command} `));
  if (start < 0) return USAGE;
  let end = start + 1;
  while (end < lines.length && /^ {3,}\S/.test(lines[end]!)) end++;
  const exit = lines.findIndex((line) => line.startsWith('Exit status'));
  return [lines[0], '', 'Usage:', ...lines.slice(start, end), '', ...lines.slice(exit)].join('\n');
}

export function version(): string {
  const packageFile = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
}

/** A mistake in what the user asked for: reported in one line, exit status 2. */
export class UsageError extends Error {
  /** Lines printed after the message, each its own `convolab: ` line (validate's every problem). */
  readonly more: readonly string[];
  constructor(message: string, more: readonly string[] = []) {
    super(message);
    this.name = 'UsageError';
    this.more = more;
  }
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** stderr is a terminal: a batch run draws its progress bar there, else prints a line per input. */
  readonly stderrIsTerminal?: boolean;
}

/**
 * Reports an unexpected error in one line and gives the exit status: 1 when it stopped a run
 * (its results are incomplete, as when a node fails), 2 for any other command.
 */
export function reportCrash(error: unknown, command: string | undefined, io: Pick<CliIo, 'stderr'>, env: NodeJS.ProcessEnv = process.env): number {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? (error instanceof Error ? error.name : 'unknown error');
  const what = command === 'run' ? 'the run crashed' : 'internal error';
  const details = env.CONVOLAB_DEBUG ? `\n${error instanceof Error ? (error.stack ?? text) : text}` : ': run it again with CONVOLAB_DEBUG=1 to see where';
  io.stderr(`convolab: ${what}: ${printable(firstLine.trim())}${details}\n`);
  return command === 'run' ? 1 : 2;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  stderrIsTerminal: process.stderr.isTTY === true,
};

/** Runs one command; resolves with its exit status. Long-running commands (serve) resolve when stopped. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  // `convolab run --help` asks for help with run, as git and npm take it: the usage, not an error.
  if (command !== undefined && COMMANDS.includes(command) && rest.some((arg) => arg === '--help' || arg === '-h')) {
    io.stdout(usageOf(command) + '\n');
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE + '\n');
        return 0;
      case '--version':
      case '-v':
        io.stdout(version() + '\n');
        return 0;
      case 'serve': {
        const { serveCommand } = await import('./serve');
        return await serveCommand(rest, io);
      }
      case 'run': {
        const { runCommand } = await import('./run');
        return await runCommand(rest, io);
      }
      case 'validate': {
        const { validateCommand } = await import('./validate');
        return await validateCommand(rest, io);
      }
      case 'export-python': {
        const { exportPythonCommand } = await import('./export-python');
        return await exportPythonCommand(rest, io);
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}: try convolab --help`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      for (const line of [error.message, ...error.more]) io.stderr(`convolab: ${printable(line)}\n`);
      return 2;
    }
    return reportCrash(error, command, io);
  }
}

/**
 * Runs the command line as a process (the installed bin script, or `tsx main.ts`): sets the exit
 * status, and reports an error thrown from a callback (a timer, a stream), which escapes main's
 * catch, in the same one line.
 */
export function runProcess(argv: readonly string[]): void {
  const crash = (error: unknown): void => process.exit(reportCrash(error, argv[0], defaultIo));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // A reader that stops early (`convolab run --json | head`) closes the pipe: that is the
  // reader's choice, not a crash. Whatever is left to print is dropped; the exit status stands.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') crash(error);
    });
  }
  main(argv).then((code) => {
    if (code !== -1) process.exitCode = code;
  }, crash);
}

// Run from source (`tsx src-main/cli/main.ts`). In the built CLI this module sits in a shared
// chunk and built.ts starts the command line instead.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith('.ts') && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) runProcess(process.argv.slice(2));
