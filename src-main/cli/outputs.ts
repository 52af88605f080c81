/**
 * Where `convolab run` writes each sink (FORMAT.md, "Headless results"): `S.npy` and `S.json`
 * in the output folder, beside `run.json`. A node id may hold any character, a file name may not,
 * so the id is mapped to a name; the mapping is not one to one (`x/y` and `x_y` both become
 * `x_y`), so two sinks that would share a file, or a sink that would overwrite `run.json`, are
 * refused before anything runs or is written, naming both ids. A sink inside a block runs under
 * its flat id `conv/plot` (graph/expand.ts) and is written as `conv.plot.npy`.
 */
import type { GraphDocument } from '../../src-shared/graph/document';
import { expandBlocks } from '../../src-shared/graph/expand';
import { printable } from '../../src-shared/graph/printable';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { flatSinkFileName } from '../../src-shared/io/sink-file-name';

/** Names `run` takes for itself (compared ignoring case, as on macOS and Windows disks). */
const RESERVED = new Set(['run']);

/**
 * The file name of every sink node, by id; or the one line that refuses the document: two sinks
 * whose names are equal ignoring case (they would overwrite each other, on some disks only by
 * case), or a sink whose name is reserved.
 */
export function sinkFileNames(document: GraphDocument): { ok: true; names: Map<string, string> } | { ok: false; error: string } {
  const names = new Map<string, string>();
  const owner = new Map<string, string>();
  const { document: flat, owners } = expandBlocks(document);
  for (const node of flat.nodes) {
    if (getNodeDefinition(node.type)?.category !== 'sink') continue;
    const name = flatSinkFileName(node.id, owners.get(node.id));
    const key = name.toLowerCase();
    if (RESERVED.has(key)) {
      return { ok: false, error: `sink ${printable(JSON.stringify(node.id))} would write ${name}.json over the run's own run.json: rename the node` };
    }
    const other = owner.get(key);
    if (other !== undefined) {
      return {
        ok: false,
        error: `sinks ${printable(JSON.stringify(other))} and ${printable(JSON.stringify(node.id))} would both write ${name}.npy and ${name}.json: rename one (ids become file names with every character but letters, digits, . - _ turned into _, ignoring case)`,
      };
    }
    owner.set(key, node.id);
    names.set(node.id, name);
  }
  return { ok: true, names };
}
