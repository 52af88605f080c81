/**
 * `convolab run … --set NODE.PARAM=VALUE` and `--each NODE.PARAM=GLOB`: a param named on the
 * command line. VALUE is read by the kind the node's definition gives the param (a number, text,
 * true/false, one of an enum's options, a list or matrix as JSON), then checked exactly as a
 * file's value is (graph/params.ts), so a value the editor would refuse is refused here, in one
 * line that names the `--set`. Node ids may hold dots, param names never do: the last dot splits.
 * A block node's params are its promoted ones (`--set conv.n=32`), checked by the inner param they
 * bind; an inner node of a block is set through such a param, never by its flat id.
 */
import { blockDefinitionOf, blockNodeDefinition } from '../../src-shared/graph/blocks';
import { BLOCK_ID_SEPARATOR, BLOCK_TYPE, type GraphDocument, type GraphNode, type ParamValue } from '../../src-shared/graph/document';
import { checkParams, checkParamValue } from '../../src-shared/graph/params';
import { printable } from '../../src-shared/graph/printable';
import { checkDocument } from '../../src-shared/graph/validate';
import type { NodeDefinition, ParamDefinition } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { UsageError } from './main';

/** One `--set` or `--each` as typed: the flag, the `NODE.PARAM` before `=` and the text after it. */
export interface ParamAssignment {
  readonly flag: '--set' | '--each';
  readonly node: string;
  readonly param: string;
  readonly text: string;
}

/** Splits `NODE.PARAM=VALUE` (the first `=` ends the name; the value may hold more). */
export function parseAssignment(flag: ParamAssignment['flag'], argument: string): ParamAssignment {
  const example = flag === '--set' ? '--set blur.sigma=2' : "--each in.path='data/*.wav'";
  const equals = argument.indexOf('=');
  if (equals < 0) throw new UsageError(`${flag} ${argument}: write NODE.PARAM=${flag === '--set' ? 'VALUE' : 'GLOB'}, e.g. ${example}`);
  const target = argument.slice(0, equals);
  const dot = target.lastIndexOf('.');
  if (dot <= 0 || dot === target.length - 1) {
    throw new UsageError(`${flag} ${argument}: name the node and its param as NODE.PARAM, e.g. ${example}`);
  }
  return { flag, node: target.slice(0, dot), param: target.slice(dot + 1), text: argument.slice(equals + 1) };
}

/** How an assignment is named in messages: `--set blur.sigma`. */
export function assignmentName(assignment: ParamAssignment): string {
  return `${assignment.flag} ${printable(`${assignment.node}.${assignment.param}`)}`;
}

/** The node and the param definition an assignment names, or the one line that says what is wrong. */
export function findTarget(document: GraphDocument, assignment: ParamAssignment): { node: GraphNode; definition: NodeDefinition; param: ParamDefinition } {
  const name = assignmentName(assignment);
  const node = document.nodes.find((candidate) => candidate.id === assignment.node);
  if (node === undefined) {
    const instance = assignment.node.split(BLOCK_ID_SEPARATOR)[0]!;
    if (assignment.node.includes(BLOCK_ID_SEPARATOR) && blockDefinitionOf(document, instance) !== undefined) {
      throw new UsageError(`${name}: ${printable(assignment.node)} is inside block ${printable(instance)}: promote the param to the block in the editor, then --set ${printable(instance)}.NAME`);
    }
    const ids = document.nodes.map((candidate) => candidate.id);
    const listed = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
    throw new UsageError(`${name}: the graph has no node ${printable(JSON.stringify(assignment.node))} (its nodes: ${printable(listed)})`);
  }
  const block = blockDefinitionOf(document, node);
  const definition = block ? blockNodeDefinition(block, getNodeDefinition, document.blocks) : getNodeDefinition(node.type);
  if (definition === undefined) throw new UsageError(`${name}: node ${printable(node.id)} has the unknown type ${printable(node.type)}`);
  const param = definition.params.find((candidate) => candidate.name === assignment.param);
  if (param === undefined) {
    const names = definition.params.map((candidate) => candidate.name);
    const what = node.type === BLOCK_TYPE ? `block ${printable(node.id)} has no promoted param` : `${definition.type} has no param`;
    throw new UsageError(`${name}: ${what} ${printable(JSON.stringify(assignment.param))} (${names.length > 0 ? `it has ${names.join(', ')}` : 'it has none'})`);
  }
  return { node, definition, param };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The value of `text` for a param of this kind; anything unreadable is passed on as text for checkParamValue to refuse. */
export function readParamText(param: ParamDefinition, text: string): unknown {
  switch (param.kind) {
    case 'number':
      return NUMBER.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'enum':
      // Options may be numbers (e.g. a size): match them as they print.
      return param.options.find((option) => String(option) === text) ?? text;
    case 'string':
    case 'path':
      return text;
    case 'list':
    case 'matrix': {
      const trimmed = text.trim();
      if (trimmed.startsWith('[')) {
        try {
          return JSON.parse(trimmed) as unknown;
        } catch {
          return text;
        }
      }
      // A list may also be written bare: 1,2,3.
      if (param.kind === 'list' && trimmed !== '' && trimmed.split(',').every((part) => NUMBER.test(part.trim()))) return trimmed.split(',').map(Number);
      return text;
    }
  }
}

/** What to write for a value of this kind, added to a refusal. */
function hint(param: ParamDefinition): string {
  switch (param.kind) {
    case 'list':
      return ' (write a list as JSON, e.g. [1,2,3], or as 1,2,3)';
    case 'matrix':
      return ' (write a matrix as JSON, e.g. [[0,1,0],[1,-4,1],[0,1,0]])';
    default:
      return '';
  }
}

/**
 * A copy of `document` with every assignment applied, each checked as a file's value would be;
 * the first problem is thrown as a one-line UsageError naming its `--set`. The document handed
 * in is not changed.
 */
export function applyAssignments(document: GraphDocument, assignments: readonly ParamAssignment[]): GraphDocument {
  if (assignments.length === 0) return document;
  const copy = structuredClone(document);
  for (const assignment of assignments) {
    const { node, definition, param } = findTarget(copy, assignment);
    const name = assignmentName(assignment);
    const value = readParamText(param, assignment.text);
    const problem = checkParamValue(param, value);
    if (problem !== undefined) throw new UsageError(`${name}=${printable(assignment.text)}: ${problem}${hint(param)}`);
    node.params = { ...node.params, [param.name]: value as ParamValue };
    // Rules across a node's params (e.g. a window longer than the signal it cuts).
    const crossProblem = checkParams(definition, node.params)[0];
    if (crossProblem !== undefined) throw new UsageError(`${name}=${printable(assignment.text)}: ${node.id}.${crossProblem.param}: ${crossProblem.message}`);
  }
  // A param may change what a node outputs (a mode), and so which wires still fit.
  const report = checkDocument(copy);
  if (report.errors.length > 0) {
    const names = assignments.map(assignmentName).join(', ');
    throw new UsageError(`with ${names}: ${report.errors[0]!.replace(/\s*\n\s*/g, ' ')}`); // errors.length > 0
  }
  return copy;
}

/** A copy of `document` with one param set to `value` (a path a batch run gives each input). */
export function withParam(document: GraphDocument, nodeId: string, param: string, value: ParamValue): GraphDocument {
  return { ...document, nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, params: { ...node.params, [param]: value } } : node)) };
}
