/**
 * Atomic saves: the new bytes go to a temporary file in the same folder, are flushed to disk,
 * and only then renamed over the old file (rename is atomic within one file system). A crash
 * or kill at any moment leaves either the old file or the new one, never a torn mix.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Random bytes for temporary files' names, drawn RANDOM_POOL_BYTES at a time (tempSuffix). */
const RANDOM_POOL_BYTES = 6 * 64;
let randomPool = Buffer.alloc(0);
let randomAt = 0;

/**
 * 12 random hex digits for a temporary file's name, from a pool refilled 64 names at a time: a
 * call into the system's generator (OpenSSL, and a getpid system call) costs about 2 µs in a tight
 * loop and about 8 µs among a batch worker's other work, nine times an input (docs/batch-io.md,
 * "Beside the graph"). The name need not be secret, only unlikely to be taken; a name that is
 * taken fails the create (O_EXCL) anyway.
 */
function tempSuffix(): string {
  if (randomAt + 6 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomAt = 0;
  }
  randomAt += 6;
  return randomPool.toString('hex', randomAt - 6, randomAt);
}

export interface AtomicWriteOptions {
  /** Called after the temp file is flushed and before the rename (tests pause or die here). */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
  /** The new file's permission bits (default: the old file's, else 0o644). */
  readonly mode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${tempSuffix()}.tmp`);
  const mode = await stat(path).then(
    (info) => info.mode & 0o777,
    () => 0o644,
  );
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, options.mode ?? mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await options.beforeRename?.(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the renames in `folder` durable, where the platform lets a folder be flushed. */
async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, constants.O_RDONLY).catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
}

/** Files a set holds open at once: past this, staged files are flushed and closed as they come (a graph with hundreds of sinks). */
const MAX_OPEN_STAGED = 64;

/** @internal A file an AtomicFileSet staged. */
export interface StagedFile {
  readonly path: string;
  readonly temp: string;
  /** Open until the commit flushes it (or until too many are open: then already flushed, and undefined). */
  fd: number | undefined;
}

/**
 * The calls a commit makes, so a test can record their order or fail one (the default: Node's fs;
 * `flush` on the thread pool, where several at once overlap their waits on the disk).
 */
export interface CommitIo {
  /** Flushes an open file's bytes and size to the disk. */
  flush(fd: number, path: string): Promise<void>;
  close(fd: number): void;
  rename(from: string, to: string): void;
  /**
   * Makes the renames in a folder durable, where the platform lets a folder be flushed (Node's
   * never rejects: a folder that cannot be opened is left as it is); a rejection fails the sets
   * that needed the folder.
   */
  flushFolder(folder: string): Promise<void>;
  remove(path: string): void;
}

export const nodeCommitIo: CommitIo = {
  flush: (fd) => fsyncFd(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  flushFolder: (folder) => syncFolderOf(folder),
  remove: (path) => rmSync(path, { force: true }),
};

/**
 * Hears the name of each temporary file a set makes before it is made: a batch worker tells its
 * pool, which removes its inputs' temporary files if the worker's thread dies (batch-pool.ts).
 * Told first, so there is no moment when a temporary file is on disk and unheard of.
 */
export interface StagingWitness {
  /** A temporary file is about to be made under this name. */
  making(temp: string): void;
  /** It could not be made (a file of that name already there, no folder): the name is not the set's. */
  notMade(temp: string): void;
}

export interface AtomicFileSetOptions {
  /** Commits this set together with the others staged at the same moment (a batch's inputs). */
  readonly committer?: GroupCommitter;
  readonly io?: CommitIo;
  readonly witness?: StagingWitness;
}

/**
 * Several files saved as one, each as `writeFileAtomic` saves it, with fewer calls and fewer waits
 * on the disk: `stage` writes a file's bytes to a temporary file beside it at once, with
 * synchronous calls (in a worker thread they block nobody; a batch run's worker writes an input's
 * files this way, between computing one input and the next), and `commit` flushes every staged
 * file side by side (their flushes overlap; a journalled file system joins them into one journal
 * commit), renames them in the order they were staged, and flushes each folder once: every folder
 * but the last file's before that file's rename, the last file's folder after it. So when the last
 * file (`convolab run`'s run.json) is there after a crash, every file staged before it is whole.
 * A failure anywhere removes every temporary file not yet renamed; a kill leaves files under their
 * temporary names only, never a torn file under a result's name. With a `committer`, the set is
 * committed in a group with other sets (GroupCommitter), each kept to these rules.
 */
export class AtomicFileSet {
  private staged: StagedFile[] = [];
  /** Staged files still open. */
  private open = 0;
  private readonly committer: GroupCommitter | undefined;
  private readonly witness: StagingWitness | undefined;
  /** @internal What commits this set's files (commitGroup). */
  readonly io: CommitIo;

  constructor(options: AtomicFileSetOptions = {}) {
    this.committer = options.committer;
    this.witness = options.witness;
    this.io = options.io ?? options.committer?.io ?? nodeCommitIo;
  }

  /** Files staged so far. */
  get size(): number {
    return this.staged.length;
  }

  /**
   * Writes `data` to a temporary file beside `path` (its folder must exist); nothing is renamed
   * until `commit`. Every byte of `data` is written before this returns, and the set keeps no
   * reference to it: a caller may reuse the buffer at once (a batch worker's NpyEncoder does).
   */
  stage(path: string, data: string | Uint8Array | Iterable<Uint8Array>): void {
    const temp = join(dirname(path), `.${basename(path)}.${tempSuffix()}.tmp`);
    try {
      const old = statSync(path, { throwIfNoEntry: false });
      this.witness?.making(temp);
      let fd: number;
      try {
        fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, old ? old.mode & 0o777 : 0o644);
      } catch (error) {
        this.witness?.notMade(temp);
        throw error;
      }
      this.staged.push({ path, temp, fd });
      // Parts are written one after the other (a header, then a value's own samples: no copy of
      // them), each before the next is taken (an image's float64 chunks reuse one array).
      const parts = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
      for (const bytes of parts) for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      this.open++;
      if (this.open > MAX_OPEN_STAGED) {
        for (const each of this.staged) {
          if (each.fd === undefined) continue;
          fsyncSync(each.fd);
          closeFile(each, this.io);
        }
        this.open = 0;
      }
    } catch (error) {
      throw new FileWriteError(path, error);
    }
  }

  /** Flushes, renames and makes durable every staged file (above); on failure nothing staged is left behind. */
  commit(): Promise<void> {
    if (this.committer) return this.committer.commit(this).then(() => undefined);
    return commitGroup([this]).then(([error]) => {
      if (error !== undefined) throw error;
    });
  }

  /** Removes every temporary file staged and not yet renamed. */
  discard(): void {
    for (const file of this.staged) {
      closeFile(file, this.io);
      try {
        this.io.remove(file.temp);
      } catch {
        // Gone already, or its folder with it.
      }
    }
    this.staged = [];
    this.open = 0;
  }

  /** @internal The staged files, handed to a commit: the set holds none after this. */
  take(): StagedFile[] {
    const files = this.staged;
    this.staged = [];
    this.open = 0;
    return files;
  }

  /** @internal Gives back files a failed commit did not rename, for `discard`. */
  giveBack(files: StagedFile[]): void {
    this.staged = files;
  }
}

/**
 * Group commit, as a database does it: an AtomicFileSet given to `commit` while another group is
 * being committed waits, and joins every set that arrives meanwhile in the next group. A group's
 * files are all flushed side by side (more flushes in flight, which the disk takes together), each
 * folder is flushed once per group however many sets share it, and each set keeps its own order:
 * its last file (run.json) is renamed only after its own files were flushed and renamed and its
 * other folders flushed, and its last file's folder is flushed before its commit resolves. A set
 * whose file cannot be flushed or renamed fails alone, its temporary files removed; the rest of the
 * group commits.
 */
export class GroupCommitter {
  private waiting: { set: AtomicFileSet; resolve: (groupSize: number) => void; reject: (error: unknown) => void }[] = [];
  private running = false;
  /** Groups committed, and the sets in them (for measuring). */
  groups = 0;
  sets = 0;

  constructor(readonly io: CommitIo = nodeCommitIo) {}

  /** Commits `set` in the next group; resolves to the number of sets that group committed or failed, itself included. */
  commit(set: AtomicFileSet): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ set, resolve, reject });
      if (!this.running) void this.next();
    });
  }

  private async next(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      this.groups++;
      this.sets += group.length;
      try {
        const outcomes = await commitGroup(group.map(({ set }) => set));
        group.forEach((entry, i) => (outcomes[i] === undefined ? entry.resolve(group.length) : entry.reject(outcomes[i])));
      } catch (error) {
        // Not expected (commitGroup settles every set); no set of the group can be said durable.
        for (const entry of group) entry.reject(error);
      }
    }
    this.running = false;
  }
}

/**
 * Commits `sets` as one group (GroupCommitter): flushes every file of every set side by side, then
 * for each set whose flushes all succeeded renames its files but the last, flushes the folders those
 * files are in (but its last file's; each folder once for the group), renames each set's last file,
 * and flushes the last files' folders (once each). Resolves to each set's outcome: undefined when
 * committed, else the error that failed it (its temporaries removed). Never rejects.
 */
export async function commitGroup(sets: readonly AtomicFileSet[]): Promise<(unknown | undefined)[]> {
  const outcomes: (unknown | undefined)[] = sets.map(() => undefined);
  const files = sets.map((set) => set.take());
  /** Files of each set renamed so far: on its failure, the rest are given back and removed. */
  const renamed = sets.map(() => 0);
  const fail = (i: number, error: unknown): void => {
    outcomes[i] ??= error;
    const set = sets[i]!;
    set.giveBack(files[i]!.slice(renamed[i]));
    set.discard();
  };
  // Every flush ends before any file is closed, even when one fails: no descriptor is closed under a flush.
  const flushed = await Promise.all(
    files.map((list, i) =>
      Promise.allSettled(list.map((file) => (file.fd === undefined ? undefined : sets[i]!.io.flush(file.fd, file.path).catch((error: unknown) => Promise.reject(new FileWriteError(file.path, error)))))),
    ),
  );
  const live: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    const failed = flushed[i]!.find((result) => result.status === 'rejected');
    if (failed) fail(i, failed.reason);
    else {
      for (const file of files[i]!) closeFile(file, sets[i]!.io);
      live.push(i);
    }
  }
  // Each set's files but its last, renamed; the folders they are in, other than the last file's, flushed once for the group.
  const folders = new Map<string, { io: CommitIo; sets: Set<number> }>();
  const needs = (map: typeof folders, folder: string, i: number): void => {
    const entry = map.get(folder) ?? { io: sets[i]!.io, sets: new Set<number>() };
    entry.sets.add(i);
    map.set(folder, entry);
  };
  /** Flushes each folder once; a folder that cannot be flushed fails the sets that needed it. */
  const flushFolders = async (map: typeof folders): Promise<void> => {
    const entries = [...map];
    const results = await Promise.allSettled(entries.map(([folder, { io }]) => io.flushFolder(folder)));
    results.forEach((result, k) => {
      if (result.status === 'rejected') for (const i of entries[k]![1].sets) if (outcomes[i] === undefined) fail(i, new FileWriteError(entries[k]![0], result.reason));
    });
  };
  for (const i of live) {
    const list = files[i]!;
    const last = list.at(-1);
    if (last === undefined) continue;
    try {
      for (; renamed[i]! < list.length - 1; renamed[i]!++) renameStaged(list[renamed[i]!]!, sets[i]!.io);
    } catch (error) {
      fail(i, error);
      continue;
    }
    const lastFolder = dirname(last.path);
    for (const file of list.slice(0, -1)) if (dirname(file.path) !== lastFolder) needs(folders, dirname(file.path), i);
  }
  await flushFolders(folders);
  // Each set's last file, renamed; their folders flushed once for the group.
  const lastFolders: typeof folders = new Map();
  for (const i of live) {
    const list = files[i]!;
    const last = list.at(-1);
    if (last === undefined || outcomes[i] !== undefined) continue;
    try {
      renameStaged(last, sets[i]!.io);
      renamed[i]!++;
    } catch (error) {
      fail(i, error);
      continue;
    }
    needs(lastFolders, dirname(last.path), i);
  }
  await flushFolders(lastFolders);
  return outcomes;
}

function renameStaged(file: StagedFile, io: CommitIo): void {
  try {
    io.rename(file.temp, file.path);
  } catch (error) {
    throw new FileWriteError(file.path, error);
  }
}

/** A file of an AtomicFileSet that could not be written: one line naming it, and the system's code (`code`, which callers may print alone). */
export class FileWriteError extends Error {
  readonly code: string | undefined;

  constructor(path: string, error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    super(`cannot write ${path} (${code ?? (error instanceof Error ? error.message : String(error))})`, { cause: error });
    this.name = 'FileWriteError';
    this.code = code;
  }
}

function closeFile(file: StagedFile, io: CommitIo): void {
  if (file.fd === undefined) return;
  const { fd } = file;
  file.fd = undefined;
  try {
    io.close(fd);
  } catch {
    // Already closed; nothing to keep.
  }
}

/** fsync on the thread pool: several at once overlap their waits on the disk. */
function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

/** As syncFolder, with one open, one flush and one close, where the platform lets a folder be flushed. */
function syncFolderOf(folder: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(folder, constants.O_RDONLY);
  } catch {
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    fsync(fd, () => {
      closeSync(fd);
      resolve();
    }),
  );
}
