/**
 * Writing a graph file, deterministically (FORMAT.md): keys in the format's order, 2-space
 * indent, nodes and edges in document order, numbers in JavaScript's shortest round-trip form,
 * a newline at the end. Saving an unchanged graph gives the same bytes.
 *
 * Layout chosen so that a small edit gives a small diff:
 * - one edge per line (adding or removing an edge is one line);
 * - a position, viewport or reroute point on one line (moving a node is one line);
 * - one param per line, in the order of the node definition's params (unknown ones after, in
 *   their given order), so the inspector's order and the file's agree;
 * - a list of numbers on one line when it holds up to 16 numbers, else 16 numbers per line;
 *   a list of rows (a kernel) one row per line. Changing a value touches one line;
 * - a short list of texts (a lesson step's node ids) on one line;
 * - blocks (docs/blocks.md) after the edges, by key, each laid out as the top level is, with
 *   one port or promoted param per line.
 *
 * The version written follows the content: a document without block nodes is written as
 * version 2, byte for byte as before blocks existed, so older Convolabs keep opening it; one with
 * block nodes as version 3 with the definitions its block nodes name.
 */
import { getNodeDefinition } from '../nodes/registry';
import { hasBlockNodes } from './blocks';
import { namedBlockKeys } from './expand';
import { type BlockDefinition, type GraphDocument, type GraphEdge, type GraphNode, GRAPH_VERSION, GRAPH_VERSION_WITHOUT_BLOCKS } from './document';
import type { DefinitionLookup } from './validate';

export const NUMBERS_PER_LINE = 16;

const INDENT = '  ';
const META_ORDER = ['title', 'description', 'lesson'];

export interface WriteOptions {
  readonly definitions?: DefinitionLookup;
}

export function writeGraph(document: GraphDocument, options: WriteOptions = {}): string {
  const lookup = options.definitions ?? getNodeDefinition;
  const blocks = hasBlockNodes(document);
  const top: [string, string][] = [
    ['format', JSON.stringify(document.format)],
    ['version', formatNumber(blocks ? GRAPH_VERSION : GRAPH_VERSION_WITHOUT_BLOCKS)],
  ];
  const paramOrder = (node: GraphNode): readonly string[] => {
    if (node.block !== undefined) return document.blocks?.[node.block]?.params?.map((param) => param.name) ?? [];
    return lookup(node.type)?.params.map((param) => param.name) ?? [];
  };
  if (document.meta !== undefined) top.push(['meta', formatObject(ordered(document.meta, META_ORDER), 1)]);
  top.push(['nodes', formatList(document.nodes.map((node) => formatNode(node, paramOrder, 2)), 1)]);
  top.push(['edges', formatList(document.edges.map(formatEdge), 1)]);
  if (blocks) top.push(['blocks', formatBlocks(document, lookup)]);
  if (document.viewport !== undefined) {
    const { x, y, zoom } = document.viewport;
    top.push(['viewport', inline([['x', x], ['y', y], ['zoom', zoom]])]);
  }
  return formatEntries(top, 0) + '\n';
}

function formatNode(node: GraphNode, paramOrder: (node: GraphNode) => readonly string[], depth: number): string {
  const entries: [string, string][] = [
    ['id', JSON.stringify(node.id)],
    ['type', JSON.stringify(node.type)],
  ];
  if (node.block !== undefined) entries.push(['block', JSON.stringify(node.block)]);
  if (node.position !== undefined) entries.push(['position', inline([['x', node.position.x], ['y', node.position.y]])]);
  if (node.label !== undefined) entries.push(['label', JSON.stringify(node.label)]);
  if (node.params !== undefined) entries.push(['params', formatObject(ordered(node.params, paramOrder(node)), depth + 1)]);
  return formatEntries(entries, depth);
}

/** The definitions some block node names (at the top level or inside a block), by key in sorted order. */
function formatBlocks(document: GraphDocument, lookup: DefinitionLookup): string {
  // Blocks inside blocks count too: a definition's block nodes name their keys in the same map.
  const keys = [...namedBlockKeys(document)].sort();
  const paramOrder = (node: GraphNode): readonly string[] => {
    if (node.block !== undefined) return document.blocks?.[node.block]?.params?.map((param) => param.name) ?? [];
    return lookup(node.type)?.params.map((param) => param.name) ?? [];
  };
  const entries: [string, string][] = keys.map((key) => [key, formatBlock(document.blocks![key]!, paramOrder)]);
  return formatEntries(entries, 1);
}

function formatBlock(block: BlockDefinition, paramOrder: (node: GraphNode) => readonly string[]): string {
  const entries: [string, string][] = [['title', JSON.stringify(block.title)]];
  if (block.description !== undefined) entries.push(['description', JSON.stringify(block.description)]);
  entries.push(['nodes', formatList(block.nodes.map((node) => formatNode(node, paramOrder, 4)), 3)]);
  entries.push(['edges', formatList(block.edges.map(formatEdge), 3)]);
  const end = (value: { node: string; handle: string }): string => inline([['node', value.node], ['handle', value.handle]]);
  entries.push(['inputs', formatList(block.inputs.map((port) => `{ "name": ${JSON.stringify(port.name)}, "to": [${port.to.map(end).join(', ')}] }`), 3)]);
  entries.push(['outputs', formatList(block.outputs.map((port) => `{ "name": ${JSON.stringify(port.name)}, "from": ${end(port.from)} }`), 3)]);
  if (block.params !== undefined) {
    const bind = (value: { node: string; param: string }): string => inline([['node', value.node], ['param', value.param]]);
    entries.push(['params', formatList(block.params.map((param) => `{ "name": ${JSON.stringify(param.name)}, "bind": [${param.bind.map(bind).join(', ')}] }`), 3)]);
  }
  if (block.meta !== undefined) entries.push(['meta', formatObject(ordered(block.meta, META_ORDER), 3)]);
  return formatEntries(entries, 2);
}

function formatEdge(edge: GraphEdge): string {
  return inline([
    ['id', edge.id],
    ['source', edge.source],
    ['sourceHandle', edge.sourceHandle],
    ['target', edge.target],
    ['targetHandle', edge.targetHandle],
  ]);
}

/** The same object with the named keys first (in that order), the rest after in given order. */
function ordered(object: Readonly<Record<string, unknown>>, first: readonly string[]): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const key of first) if (Object.hasOwn(object, key) && object[key] !== undefined) entries.push([key, object[key]]);
  for (const key of Object.keys(object)) if (!first.includes(key) && object[key] !== undefined) entries.push([key, object[key]]);
  return entries;
}

function inline(entries: [string, unknown][]): string {
  return `{ ${entries.map(([key, value]) => `${JSON.stringify(key)}: ${formatScalar(value)}`).join(', ')} }`;
}

// The parts are joined with `+`, not Array.prototype.join: join copies every part into a new
// string, so a long list's text (a million numbers are 20 MB) was copied once per level it is
// nested in; `+` links the parts and the text is copied once, where it is used.

function formatEntries(entries: [string, string][], depth: number): string {
  if (entries.length === 0) return '{}';
  const pad = INDENT.repeat(depth + 1);
  let text = '{\n';
  for (let i = 0; i < entries.length; i++) text += `${i > 0 ? ',\n' : ''}${pad}${JSON.stringify(entries[i]![0])}: ` + entries[i]![1];
  return text + `\n${INDENT.repeat(depth)}}`;
}

function formatList(items: string[], depth: number): string {
  if (items.length === 0) return '[]';
  const pad = INDENT.repeat(depth + 1);
  let text = '[\n';
  for (let i = 0; i < items.length; i++) text += (i > 0 ? ',\n' : '') + pad + items[i]!;
  return text + `\n${INDENT.repeat(depth)}]`;
}

/** Shortest round-trip form; JSON has no NaN or Infinity, so those become null as in JSON.stringify. */
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function formatScalar(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  return JSON.stringify(value) ?? 'null';
}

function isNumberList(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
  return true;
}

function formatObject(entries: [string, unknown][], depth: number): string {
  return formatEntries(entries.map(([key, entry]) => [key, formatValue(entry, depth + 1)]), depth);
}

/** A short list of short texts (a lesson step's node ids) reads best on one line. */
function inlineTexts(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((entry) => typeof entry === 'string')) return undefined;
  const line = `[${value.map((entry) => JSON.stringify(entry)).join(', ')}]`;
  return line.length <= 100 ? line : undefined;
}

/** `{ x, y }` and nothing else: a point (a reroute point) goes on one line, as a node's position does. */
function isPoint(value: unknown): value is { x: number; y: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys[0] === 'x' && keys[1] === 'y' && typeof (value as { x: unknown }).x === 'number' && typeof (value as { y: unknown }).y === 'number';
}

function formatValue(value: unknown, depth: number): string {
  if (isNumberList(value)) return formatNumbers(value, depth);
  if (isPoint(value)) return inline([['x', value.x], ['y', value.y]]);
  const texts = inlineTexts(value);
  if (texts !== undefined) return texts;
  if (Array.isArray(value)) return formatList(value.map((entry) => formatValue(entry, depth + 1)), depth);
  if (value !== null && typeof value === 'object') return formatObject(ordered(value as Record<string, unknown>, []), depth);
  return formatScalar(value);
}

/**
 * A list at least this long (a long sequence, a row of a large kernel) keeps its text for the next
 * write while it holds the same numbers: writing numbers out is most of a write (a million took a
 * third of a second), and a document's unsaved changes are written out a second after each edit
 * (the backup), almost always with the same long lists.
 */
export const KEPT_LIST = 256;
const keptLists = new WeakMap<readonly number[], { readonly depth: number; readonly values: Float64Array; readonly text: string }>();

function formatNumbers(values: number[], depth: number): string {
  if (values.length < KEPT_LIST) return layoutNumbers(values, depth);
  // By identity, and only while its values are those it was written with: an array changed in
  // place is written anew, never from the old text (the comparison is ~1 ms for a million).
  const kept = keptLists.get(values);
  if (kept !== undefined && kept.depth === depth && sameNumbers(values, kept.values)) return kept.text;
  const text = layoutNumbers(values, depth);
  keptLists.set(values, { depth, values: Float64Array.from(values), text });
  return text;
}

/** Whether the list holds exactly the copy's numbers (NaN as NaN; −0 and 0, written alike, as equal). */
function sameNumbers(values: readonly number[], copy: Float64Array): boolean {
  if (values.length !== copy.length) return false;
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!;
    const b = copy[i]!;
    if (a !== b && !(a !== a && b !== b)) return false;
  }
  return true;
}

function layoutNumbers(values: readonly number[], depth: number): string {
  if (values.length <= NUMBERS_PER_LINE) return `[${values.map(formatNumber).join(', ')}]`;
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += NUMBERS_PER_LINE) {
    lines.push(values.slice(i, i + NUMBERS_PER_LINE).map(formatNumber).join(', '));
  }
  const pad = INDENT.repeat(depth + 1);
  return `[\n${lines.map((line) => pad + line).join(',\n')}\n${INDENT.repeat(depth)}]`;
}
