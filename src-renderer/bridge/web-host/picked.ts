/**
 * The files a user picked in the web build for path params (source.audio, source.image,
 * source.volume): the engine worker keeps each one's bytes (a Blob, read when a run needs it)
 * under the name the param then holds, since a page never learns a file's path.
 */
import { formatBytes } from '../../../src-shared/engine/engine';

/** The picked file a param's path names: by its whole text, else by its last segment. */
export function pickedFile(files: ReadonlyMap<string, Blob>, path: string): Blob | undefined {
  return files.get(path) ?? files.get(path.split(/[\\/]/).pop() ?? path);
}

/** A picked file's bytes, refused in one line when it was never picked or is over the memory limit. */
export async function readPicked(files: ReadonlyMap<string, Blob>, path: string, limit: number): Promise<Uint8Array> {
  const file = pickedFile(files, path);
  if (!file) {
    throw new Error(`${path}: not a file picked in this tab (the web build reads only files you choose): click … beside the param and pick it`);
  }
  if (file.size > limit) throw new Error(`${path}: ${formatBytes(file.size)} is over the ${formatBytes(limit)} memory limit`);
  return new Uint8Array(await file.arrayBuffer());
}
