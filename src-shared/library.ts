/**
 * The user's block library (issue 19 §1): a folder of `.convolab.json` files, each an ordinary
 * graph file holding one block node and its definition (with, for a block of blocks, every
 * definition it holds), so a library block also opens as a graph.
 * What every host shares: the rules for a library block's name, how a file is read into a
 * `LibraryBlock` (the normal loader, then "exactly one block node"), the limits, and the text a
 * block is saved as. The desktop and `convolab serve` keep the files in the files service's state
 * folder (src-main/files/library.ts), the web build in IndexedDB (web-host/library.ts).
 */
import { blockDefinitionOf, blockKey, isBlockNode } from './graph/blocks';
import { BLOCK_TYPE, type BlockDefinition, GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument, type GraphNode, type Params } from './graph/document';
import { loadGraph } from './graph/load';
import { writeGraph } from './graph/write';

/** A block of the user's library, as the palette lists it and inserts it. */
export interface LibraryBlock {
  /** The file's name without `.convolab.json`: what Save to library wrote it under. */
  readonly name: string;
  /** The definition's content key (blockKey): instances that hold it are up to date. */
  readonly key: string;
  readonly definition: BlockDefinition;
  /**
   * A block of blocks: every definition its block nodes name, through every level, by key (the
   * file's `blocks` less its own). Inserting it adds them to the document's blocks. Absent for a
   * block of plain nodes.
   */
  readonly blocks?: Readonly<Record<string, BlockDefinition>>;
  /** The promoted params' values the saved block node held: an inserted instance starts with them. */
  readonly params?: Params;
}

export interface LibraryListing {
  readonly blocks: readonly LibraryBlock[];
  /** One line per file that was skipped (broken, hostile, over a limit), for the palette to show. */
  readonly skipped: readonly string[];
}

export interface LibrarySaveRequest {
  /** A plain file name without its ending (libraryNameProblem says which are refused). */
  readonly name: string;
  /** The graph text (libraryBlockText): one block node and its definition. */
  readonly text: string;
  /** Write over a library block of that name; without it an existing one is left as it is. */
  readonly replace?: boolean;
}

/** What saving answered: `saved` false (nothing written) when the name is taken and `replace` was not given. */
export interface LibrarySaveResult {
  readonly name: string;
  readonly saved: boolean;
  readonly key: string;
}

export const LIBRARY_FILE_ENDING = '.convolab.json';
/** At most this many library files are read; the rest are named in one skipped line. */
export const MAX_LIBRARY_BLOCKS = 1000;
/** One library file's largest size (a block is a few nodes; a graph file may be far larger). */
export const MAX_LIBRARY_FILE_BYTES = 4 * 1024 * 1024;
/** The most bytes a listing reads in all, so that a folder of large files cannot fill memory. */
export const MAX_LIBRARY_BYTES = 64 * 1024 * 1024;
export const MAX_LIBRARY_NAME_LENGTH = 100;

/** Names Windows keeps for devices: a file of that name cannot be written there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Characters no file name may hold on one of the systems Convolab runs on, and control characters. */
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/;

/** Why `name` cannot name a library block, or undefined when it can. */
export function libraryNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'a library block needs a name';
  if (name.length > MAX_LIBRARY_NAME_LENGTH) return `a library block's name is at most ${MAX_LIBRARY_NAME_LENGTH} characters (got ${name.length})`;
  if (UNSAFE.test(name)) return `"${printable(name)}": a library block's name is a plain file name, without / \\ : * ? " < > | or control characters`;
  if (name.startsWith('.') || name !== name.trim() || name.endsWith('.')) return `"${printable(name)}": a library block's name must not start with a dot nor start or end with a space or end with a dot`;
  if (RESERVED.test(name)) return `"${name}": a name the system keeps for a device; choose another`;
  return undefined;
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, MAX_LIBRARY_NAME_LENGTH);
}

/**
 * A block's title as a library name: unsafe characters become `-`, spaces are collapsed, leading
 * dots and trailing dots and spaces go, and the result is cut to the name's limit; `Block` when
 * nothing is left.
 */
export function libraryName(title: string): string {
  let name = title.replace(new RegExp(UNSAFE.source, 'g'), '-').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '').slice(0, MAX_LIBRARY_NAME_LENGTH).replace(/[. ]+$/, '').trim();
  if (name === '' || RESERVED.test(name)) return name === '' ? 'Block' : `${name} block`;
  return name;
}

export function libraryFileName(name: string): string {
  return `${name}${LIBRARY_FILE_ENDING}`;
}

/** The library name a file name stands for, or undefined when it is not a library file. */
export function libraryNameOfFile(fileName: string): string | undefined {
  if (!fileName.toLowerCase().endsWith(LIBRARY_FILE_ENDING)) return undefined;
  const name = fileName.slice(0, -LIBRARY_FILE_ENDING.length);
  return libraryNameProblem(name) === undefined ? name : undefined;
}

export type LibraryRead = { readonly ok: true; readonly block: LibraryBlock } | { readonly ok: false; readonly error: string };

/**
 * A library file's text as a library block, with the normal loader (so every rule of the format
 * holds, the limits on blocks inside blocks too: a cycle, nesting past 8 levels or a file that
 * would run as too many nodes is refused), refused unless the file holds exactly one node and it
 * is a block node. The loader keeps only the definitions that node reaches, so a block of blocks
 * comes with what it holds and nothing else.
 */
export function readLibraryBlock(name: string, text: string): LibraryRead {
  const loaded = loadGraph(text);
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const { document } = loaded;
  const block = document.nodes[0];
  if (document.nodes.length !== 1 || !block || !isBlockNode(block)) {
    return { ok: false, error: `a library block file holds exactly one block node (this one has ${document.nodes.length} node${document.nodes.length === 1 ? '' : 's'}${block && !isBlockNode(block) ? `, ${block.id} of type ${block.type}` : ''})` };
  }
  const definition = blockDefinitionOf(document, block);
  if (!definition) return { ok: false, error: `nodes[0].block: names no definition in "blocks"` };
  const inner = innerDefinitions(definition, document.blocks ?? {});
  const result: LibraryBlock = {
    name,
    key: blockKey(definition),
    definition,
    ...(Object.keys(inner).length > 0 ? { blocks: inner } : {}),
    ...(block.params !== undefined ? { params: block.params } : {}),
  };
  return { ok: true, block: result };
}

/**
 * The definitions `definition`'s block nodes name, and theirs in turn, taken from `blocks` by key
 * (sorted); empty for a block of plain nodes. A key `blocks` lacks is left out (validation names it).
 */
export function innerDefinitions(definition: BlockDefinition, blocks: Readonly<Record<string, BlockDefinition>>): Record<string, BlockDefinition> {
  const found = new Map<string, BlockDefinition>();
  const visit = (nodes: readonly GraphNode[]): void => {
    for (const node of nodes) {
      const key = node.block;
      if (!isBlockNode(node) || typeof key !== 'string' || found.has(key) || !Object.hasOwn(blocks, key)) continue;
      found.set(key, blocks[key]!);
      visit(blocks[key]!.nodes);
    }
  };
  visit(definition.nodes);
  return Object.fromEntries([...found.keys()].sort().map((key) => [key, found.get(key)!]));
}

/**
 * The file a block is saved to the library as: a graph whose one node is a block node (id
 * `block`, at the origin, with the instance's promoted values) titled like the block. A block of
 * blocks takes the definitions it holds, through every level, from `blocks` (the document's map:
 * only those it reaches are written).
 */
export function libraryBlockText(definition: BlockDefinition, params?: Params, blocks: Readonly<Record<string, BlockDefinition>> = {}): string {
  const key = blockKey(definition);
  const document: GraphDocument = {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { title: definition.title },
    nodes: [{ id: 'block', type: BLOCK_TYPE, block: key, position: { x: 0, y: 0 }, ...(params !== undefined && Object.keys(params).length > 0 ? { params } : {}) }],
    edges: [],
    blocks: { ...innerDefinitions(definition, blocks), [key]: definition },
  };
  return writeGraph(document);
}

/**
 * What a save is checked against before anything is written, in every host: the name, the size,
 * and that the text loads as a library block. The block it holds, or the one-line refusal.
 */
export function checkLibrarySave(request: LibrarySaveRequest): LibraryRead {
  const problem = libraryNameProblem(request.name) ?? (request.text.length > MAX_LIBRARY_FILE_BYTES ? `${request.text.length} characters is over the library's limit of ${MAX_LIBRARY_FILE_BYTES} for one block` : undefined);
  if (problem !== undefined) return { ok: false, error: `Save to library: ${problem}` };
  const outcome = readLibraryBlock(request.name, request.text);
  return outcome.ok ? outcome : { ok: false, error: `Save to library: ${request.name}: ${outcome.error}` };
}

/** One file of a library as a host holds it: read it bounded, or say in the error why not. */
export interface LibrarySource {
  /** The library name (the file's name without its ending). */
  readonly name: string;
  /** Reads the text when it is at most `maxBytes`, else throws an Error that says why, in one line. */
  read(maxBytes: number): Promise<string>;
}

/**
 * A listing of the library's files, in name order: at most MAX_LIBRARY_BLOCKS files and
 * MAX_LIBRARY_BYTES read in all, each file loaded with the normal loader; whatever does not make
 * a library block is one skipped line, so one bad file never hides the others.
 */
export async function listLibrary(sources: readonly LibrarySource[]): Promise<LibraryListing> {
  const sorted = [...sources].sort((a, b) => a.name.localeCompare(b.name));
  const blocks: LibraryBlock[] = [];
  const skipped: string[] = [];
  let bytes = 0;
  for (const [index, source] of sorted.entries()) {
    const fileName = libraryFileName(source.name);
    if (index === MAX_LIBRARY_BLOCKS || bytes >= MAX_LIBRARY_BYTES) {
      skipped.push(skippedLine(fileName, `the library lists at most ${MAX_LIBRARY_BLOCKS} blocks and ${MAX_LIBRARY_BYTES / 1048576} MiB; this and ${sorted.length - index - 1} more were not read`));
      break;
    }
    const problem = libraryNameProblem(source.name);
    if (problem !== undefined) {
      skipped.push(skippedLine(fileName, problem));
      continue;
    }
    let text: string;
    try {
      text = await source.read(Math.min(MAX_LIBRARY_FILE_BYTES, MAX_LIBRARY_BYTES - bytes));
    } catch (error) {
      skipped.push(skippedLine(fileName, error instanceof Error ? error.message : String(error)));
      continue;
    }
    bytes += text.length;
    const outcome = readLibraryBlock(source.name, text);
    if (outcome.ok) blocks.push(outcome.block);
    else skipped.push(skippedLine(fileName, outcome.error));
  }
  return { blocks, skipped };
}

/** The one line a skipped library file is listed with. */
export function skippedLine(fileName: string, reason: string): string {
  return `My blocks: ${fileName} skipped: ${reason}`;
}
