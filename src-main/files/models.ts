/**
 * The models Convolab ships (op.unet3d's default weights) in the repository's models/ folder:
 * read by file name only, so a graph cannot reach any other file through it. The folder is found
 * from this module's place, from source (src-main/files) and from the bundle (out/main or a
 * chunk below it) alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './regular';

/** The app's folder: the first one up from here that holds package.json. */
function appFolder(): string | undefined {
  for (const up of ['../..', '../../..', '../../../..']) {
    const folder = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(folder, 'package.json'))) return folder;
  }
  return undefined;
}

/** Reads models/<name> within `maxBytes`; refuses names that are not plain file names. */
export function shippedModelReader(maxBytes: number): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`${name} is not a model's file name`);
    const folder = appFolder();
    if (!folder) throw new Error('the app folder was not found');
    return readRegularFile(join(folder, 'models', name), maxBytes);
  };
}
