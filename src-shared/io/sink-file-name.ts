/**
 * The file name `convolab run` gives a sink's results (`DIR/<name>.npy`, `DIR/<name>.json`): a
 * node id may hold any character, a file name may not. Shared by the CLI, which writes them, and
 * the Python export, whose script reads them back to check itself.
 */
import { BLOCK_ID_SEPARATOR } from '../graph/document';

/** A node id as a file name: anything but letters, digits, dot, dash and underscore becomes `_`. */
export function sinkFileName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return name === '' || name === '.' || name === '..' ? `_${name}` : name;
}

/**
 * The file name of a sink inside a block, which runs under the flat id `instance/inner`
 * (graph/expand.ts): `instance.inner`, each part named as above, so it stays inside the output
 * folder and says which block node it came from. Inside a block inside a block the flat id has
 * more parts (`outer/inner/view`) and so does the name (`outer.inner.view`): one rule.
 */
export function blockSinkFileName(instance: string, inner: string): string {
  return `${sinkFileName(instance)}.${inner.split(BLOCK_ID_SEPARATOR).map(sinkFileName).join('.')}`;
}

/** A flat node id's file name: `blockSinkFileName` for a block's inner node (`owner` is its top-level block node), else `sinkFileName`. */
export function flatSinkFileName(id: string, owner: string | undefined): string {
  return owner === undefined ? sinkFileName(id) : blockSinkFileName(owner, id.slice(owner.length + 1));
}
