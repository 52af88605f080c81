/**
 * Export as Python (issue 18 §4): a graph becomes a numpy/scipy script that computes every sink
 * the way Convolab does, and that, given `--check DIR` next to `convolab run GRAPH --out DIR`,
 * compares its own results with every `S.npy` / `S.json` there.
 *
 * The script holds one function per node type used (python-nodes.ts) and the helpers they call
 * (python-helpers.ts), then one line per node in the order the engine runs them. Nothing the file
 * says becomes code: node ids become identifiers made only of [A-Za-z0-9_], and every id, label,
 * title and string param is written as an escaped Python string literal (or, for labels in
 * comments, with line breaks and controls escaped).
 */
import { topologicalOrder } from '../engine/engine';
import type { GraphDocument, GraphNode, ParamValue } from '../graph/document';
import { expandBlocks } from '../graph/expand';
import { adaptParams, outputKey } from '../graph/infer';
import { printable } from '../graph/printable';
import { inferTypes } from '../graph/validate';
import { flatSinkFileName } from '../io/sink-file-name';
import { kernelDims } from '../nodes/common';
import { resolveParams, type NodeDefinition } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';
import { PYTHON_HELPERS } from './python-helpers';
import { NOT_PORTED, PYTHON_NODES, type PythonNodeFunction } from './python-nodes';
import { CHECK_SOURCE, SCRIPT_HEAD } from './python-script';

/** A node the script cannot compute: the script raises NotImplementedError naming it. */
export interface UnexportedNode {
  readonly id: string;
  readonly type: string;
  readonly reason: string;
}

export interface PythonExport {
  readonly text: string;
  readonly unsupported: readonly UnexportedNode[];
}

/**
 * Tolerances of the script's check, as op.compare measures: relError = max |ours − Convolab's| /
 * max |Convolab's|. Convolab keeps image and volume samples as float32, so anything computed from
 * them agrees only to float32 rounding.
 */
export const CHECK_TOLERANCE = { float64: 1e-9, float32: 1e-5 } as const;

/**
 * The absolute difference below which the check passes a sink whatever its relError: a result that
 * is exactly 0 comes out of an FFT (Convolab's or numpy's) as rounding noise near 1e-16 times the
 * input's scale, and the relError of noise against noise or against 0 is about 1. 1e-12 leaves a
 * thousandfold margin over that noise for unit-scale inputs and still fails a shifted or wrong
 * result of any value above 1e-12.
 */
export const CHECK_ROUNDING_FLOOR = 1e-12;

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Names the script defines or imports at top level: a node variable must not hide them. */
const SCRIPT_NAMES = [
  'annotations', 'argparse', 'json', 'math', 'struct', 'sys', 'zlib', 'dataclass', 'Path', 'Optional', 'Tuple', 'np', 'scipy',
  'TITLE', 'SINKS', 'ROUNDING_FLOOR', 'FOLDER', 'sinks', 'run_graph', 'main', 'check', 'check_sink', 'as_written', 'describe', 'not_exported', 'node_error',
];

const RESERVED = new Set([
  ...PYTHON_KEYWORDS,
  ...SCRIPT_NAMES,
  ...Object.keys(PYTHON_HELPERS),
  ...Object.values(PYTHON_NODES).map((entry) => entry.name),
]);

/** A Python string literal of `text`: printable ASCII as it is, everything else escaped. */
export function pythonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** A param value as a Python literal. */
export function pythonLiteral(value: ParamValue | undefined | null): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    // JSON params are finite; String() is the shortest text that reads back the same double.
    if (!Number.isFinite(value)) return value > 0 ? 'math.inf' : value < 0 ? '-math.inf' : 'math.nan';
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value);
  return `[${(value as ParamValue[]).map((item) => pythonLiteral(item)).join(', ')}]`;
}

/** Node ids as Python identifiers: [A-Za-z0-9_] only, never a keyword or a name the script uses, distinct. */
export function pythonIdentifiers(ids: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const id of ids) {
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (base === '' || /^[0-9]/.test(base)) base = `node_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(id, name);
  }
  return names;
}

/** The params a node's function receives: the resolved params, with an adaptive kernel's dims made a number. */
function exportedParams(node: GraphNode, definition: NodeDefinition, adapted: Readonly<Record<string, ParamValue>> | undefined): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { ...resolveParams(definition, adapted ? { ...node.params, ...adapted } : node.params) };
  if (params.dims === 'auto') {
    // As kernel.custom's compute: nested values say their own dims; anything else left auto is 2-D.
    const values = params.values;
    const depth = Array.isArray(values) && Array.isArray(values[0]) ? (Array.isArray(values[0][0]) ? 3 : 2) : 1;
    params.dims = node.type === 'kernel.custom' && depth > 1 ? depth : kernelDims(params);
  }
  return params;
}

/** Whether this sink's value is computed from float32 samples somewhere upstream. */
function fromFloat32(id: string, document: GraphDocument, types: Map<string, string | undefined>): boolean {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const edge of document.edges) {
      if (edge.target !== current || seen.has(edge.source)) continue;
      seen.add(edge.source);
      const type = types.get(outputKey(edge.source, edge.sourceHandle));
      if (type === 'image' || type === 'spectrum2d' || type === 'volume') return true;
      stack.push(edge.source);
    }
  }
  return false;
}

/** The helpers these node functions call, with theirs, in python-helpers.ts's order. */
function helpersFor(functions: readonly PythonNodeFunction[]): string[] {
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of PYTHON_HELPERS[name]!.needs) visit(need);
  };
  // The check measures as op.compare does, and writes down every kind of value it meets.
  for (const name of ['compare_errors', 'Signal', 'Spectrum', 'Image', 'Spectrum2D']) visit(name);
  for (const entry of functions) for (const need of entry.needs) visit(need);
  return Object.keys(PYTHON_HELPERS).filter((name) => wanted.has(name));
}

/**
 * The script for this (loaded, valid) document. `source` names the graph file in the script's
 * docstring. A document with blocks is exported as it runs, its blocks' inner nodes in line
 * (graph/expand.ts), each sink under the file name `convolab run` gives it.
 */
export function exportPython(original: GraphDocument, source = 'a Convolab graph'): PythonExport {
  const { document, owners } = expandBlocks(original);
  const { order } = topologicalOrder(document);
  const adapted = adaptParams(document, getNodeDefinition);
  const types = inferTypes(document);
  const names = pythonIdentifiers(order.map((node) => node.id));
  const incoming = new Map<string, Map<string, string>>();
  for (const edge of document.edges) {
    const inputs = incoming.get(edge.target) ?? new Map<string, string>();
    const variable = names.get(edge.source) ?? 'None';
    inputs.set(edge.targetHandle, edge.sourceHandle === 'out' ? variable : `${variable}_${edge.sourceHandle.replace(/[^A-Za-z0-9_]/g, '_')}`);
    incoming.set(edge.target, inputs);
  }

  const used: PythonNodeFunction[] = [];
  const unsupported: UnexportedNode[] = [];
  const lines: string[] = [];
  const sinks: string[] = [];
  for (const node of order) {
    const definition = getNodeDefinition(node.type);
    const variable = names.get(node.id)!;
    const idText = pythonString(node.id);
    if (node.label !== undefined && node.label !== '') lines.push(`    # ${printable(node.label)}`);
    const adaptation = adapted.get(node.id);
    const entry = PYTHON_NODES[node.type];
    const params = definition ? exportedParams(node, definition, adaptation && 'params' in adaptation ? adaptation.params : undefined) : {};
    const reason =
      definition === undefined ? `unknown node type ${node.type}`
      : entry === undefined ? (NOT_PORTED[node.type] ?? 'has no numpy/scipy counterpart in the Python export yet')
      : entry.unsupported?.(params);
    if (reason !== undefined || entry === undefined || definition === undefined) {
      const why = reason ?? 'cannot be exported';
      unsupported.push({ id: node.id, type: node.type, reason: why });
      lines.push(`    ${variable} = not_exported(${idText}, ${pythonString(node.type)}, ${pythonString(why)})`);
      continue;
    }
    if (adaptation && 'error' in adaptation) {
      lines.push(`    ${variable} = node_error(${idText}, ${pythonString(node.type)}, ${pythonString(adaptation.error)})`);
      continue;
    }
    if (!used.includes(entry)) used.push(entry);
    const inputs = incoming.get(node.id) ?? new Map<string, string>();
    const missing = definition.inputs.find((port) => !port.optional && !inputs.has(port.id));
    if (missing !== undefined) {
      lines.push(`    ${variable} = node_error(${idText}, ${pythonString(node.type)}, ${pythonString(`nothing connected to ${missing.id}`)})`);
      continue;
    }
    const args: string[] = [];
    for (const port of definition.inputs) {
      const value = inputs.get(port.id);
      if (!port.optional) args.push(value!);
      else if (value !== undefined) args.push(`${port.id === 'in' ? 'in_' : port.id}=${value}`);
    }
    if (definition.category === 'sink') {
      sinks.push(node.id);
      lines.push(`    sinks[${idText}] = ${entry.name}(${args.join(', ')})`);
      continue;
    }
    const code = entry.code?.(params) ?? {};
    // What the user typed, beside the code made from it.
    for (const name of Object.keys(code)) lines.push(`    # ${name}: ${printable(String(params[name]))}`);
    for (const param of definition.params) args.push(`${param.name}=${code[param.name] ?? pythonLiteral(params[param.name])}`);
    lines.push(`    ${variable} = ${entry.name}(${args.join(', ')})`);
  }

  const sinkTable = sinks.map((id) => {
    const tolerance = fromFloat32(id, document, types) ? CHECK_TOLERANCE.float32 : CHECK_TOLERANCE.float64;
    return `    ${pythonString(id)}: (${pythonString(flatSinkFileName(id, owners.get(id)))}, ${tolerance}),`;
  });
  const title = typeof document.meta?.title === 'string' ? document.meta.title : '';
  const parts = [
    SCRIPT_HEAD.replace('SOURCE', () => source.replace(/[^\x20-\x7e]|["\\]/g, '_')),
    `TITLE = ${pythonString(title)}`,
    ...helpersFor(used).map((name) => PYTHON_HELPERS[name]!.source),
    ...used.map((entry) => entry.source),
    [
      'def run_graph():',
      '    """Every node, in the order Convolab runs them; returns each sink\'s value by node id."""',
      '    sinks = {}',
      ...lines,
      '    return sinks',
    ].join('\n'),
    [
      '# Where `convolab run` writes each sink (DIR/<name>.npy and .json), and the tolerance its check',
      '# allows: relError = max |ours - Convolab\'s| / max |Convolab\'s|, as op.compare measures it.',
      `# Convolab keeps pixels as float32, so a sink computed from images is held to ${CHECK_TOLERANCE.float32}, others to ${CHECK_TOLERANCE.float64}.`,
      `# A sink whose every difference is at most ROUNDING_FLOOR passes whatever its relError: values that`,
      `# are exactly 0 come out of an FFT as rounding noise, whose relError means nothing.`,
      `ROUNDING_FLOOR = ${CHECK_ROUNDING_FLOOR}`,
      'SINKS = {',
      ...sinkTable,
      '}',
    ].join('\n'),
    CHECK_SOURCE,
  ];
  return { text: parts.join('\n\n\n') + '\n', unsupported };
}
