/**
 * One python3 for a whole test file (fixtures/python-runner.py): each script still runs as a
 * process of its own (forked from an interpreter that imported numpy and scipy once), so what
 * a test sees — exit status, stdout, stderr — is what `python3 SCRIPT ARGS` gives, without
 * paying the interpreter's start and scipy's import on every script.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const RUNNER = fileURLToPath(new URL('./fixtures/python-runner.py', import.meta.url));

export class PythonRunner {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private waiting: ((line: string) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private exited: string | undefined;

  constructor() {
    this.child = spawn('python3', [RUNNER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      for (let end = this.buffered.indexOf('\n'); end >= 0; end = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.once('exit', (code) => {
      this.exited = `the python runner exited (${code}): ${stderr}`;
      for (const answer of this.waiting.splice(0)) answer('');
    });
  }

  /** Runs `python3 script ...args` from `cwd`; one job at a time, in the order asked. */
  run(script: string, args: readonly string[] = [], cwd?: string): Promise<PythonResult> {
    const job = this.queue.then(
      () =>
        new Promise<PythonResult>((resolve, reject) => {
          if (this.exited) return reject(new Error(this.exited));
          this.waiting.push((line) => (line ? resolve(JSON.parse(line) as PythonResult) : reject(new Error(this.exited))));
          this.child.stdin.write(`${JSON.stringify({ script, args, cwd })}\n`);
        }),
    );
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Ends the interpreter (it leaves when its input closes) and waits for it to be gone. */
  async stop(): Promise<void> {
    if (this.exited === undefined) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.stdin.end();
      const guard = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(guard);
    }
  }
}
