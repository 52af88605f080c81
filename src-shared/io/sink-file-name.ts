/**
 * The file name `convolab run` gives a sink's results (`DIR/<name>.npy`, `DIR/<name>.json`): a
 * node id may hold any character, a file name may not. Shared by the CLI, which writes them, and
 * the Python export, whose script reads them back to check itself.
 */

/** A node id as a file name: anything but letters, digits, dot, dash and underscore becomes `_`. */
export function sinkFileName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return name === '' || name === '.' || name === '..' ? `_${name}` : name;
}
