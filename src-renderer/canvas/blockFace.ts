/**
 * What a block node shows on its face, from the document alone: its title, its ports (named by
 * the block's ports), its promoted params drawn with the control of the inner param they set,
 * and which inner node's preview it shows (the one behind its first output).
 */
import { portsOf, promotedParamDefinition } from '../../src-shared/graph/blocks';
import { definitionOf, MAX_BLOCK_DEPTH } from '../../src-shared/graph/expand';
import { BLOCK_TYPE, type BlockDefinition, type GraphDocument, type GraphNode, type ParamValue } from '../../src-shared/graph/document';
import type { DataType } from '../../src-shared/data';
import type { ParamDefinition } from '../../src-shared/nodes/define';
import { portTypesFor } from './rules';

export interface FaceParam {
  /** The promoted name: the key of the value on the block node. */
  readonly name: string;
  /** The inner param's definition under the promoted name (its control, its rules). */
  readonly param: ParamDefinition;
  /** The block node's own value (the control shows the inner param's while it has none). */
  readonly value: ParamValue | undefined;
  /** Where it is bound: `fft.n, ifft.n`. */
  readonly binds: string;
}

export interface BlockFace {
  readonly node: GraphNode;
  readonly definition: BlockDefinition;
  readonly title: string;
  readonly inputs: readonly { readonly name: string; readonly type?: DataType }[];
  readonly outputs: readonly { readonly name: string; readonly type?: DataType }[];
  readonly params: readonly FaceParam[];
  /** The plain node behind the first output (through blocks inside), its id in its own block and its port. */
  readonly previewFrom?: { readonly node: string; readonly port: string; readonly inner: GraphNode };
}

/** The promoted params of a block node, each drawn with the control of the first inner param it binds. */
export function faceParams(node: GraphNode, definition: BlockDefinition, blocks?: GraphDocument['blocks']): FaceParam[] {
  return (definition.params ?? []).flatMap((promoted) => {
    // A promoted param may bind a block inside's promoted param: `blocks` answers for that block.
    const param = promotedParamDefinition(definition, promoted, undefined, blocks);
    if (!param) return [];
    return [
      {
        name: promoted.name,
        // On the face like an inline param; until the node holds a value, it shows the inner one.
        param: { ...param, inline: true },
        value: node.params?.[promoted.name],
        binds: promoted.bind.map((bind) => `${bind.node}.${bind.param}`).join(', '),
      },
    ];
  });
}

export function blockFaceOf(document: GraphDocument, nodeId: string): BlockFace | undefined {
  const node = document.nodes.find((candidate) => candidate.id === nodeId);
  if (!node || node.type !== BLOCK_TYPE || node.block === undefined) return undefined;
  const definition = document.blocks?.[node.block];
  if (!definition) return undefined;
  const ports = portsOf(document, node) ?? { inputs: [], outputs: [] };
  // A port shows what it carries in this graph (seen through the block, with what feeds it),
  // else what the block alone makes certain.
  const types = portTypesFor(document);
  const typed = (port: { readonly name: string; readonly type?: DataType }) => {
    const type = types.get(`${nodeId}.${port.name}`) ?? port.type;
    return type === undefined ? { name: port.name } : { name: port.name, type };
  };
  // Through blocks inside, to the plain node whose output the first port passes out.
  let first: { node: string; port: string; inner: GraphNode } | undefined;
  let at: BlockDefinition | undefined = definition;
  let port = definition.outputs[0]?.name;
  for (let depth = 0; at && port !== undefined && depth <= MAX_BLOCK_DEPTH; depth++) {
    const output: BlockDefinition['outputs'][number] | undefined = at.outputs.find((candidate) => candidate.name === port);
    const from = output?.from;
    const inner: GraphNode | undefined = from ? at.nodes.find((candidate) => candidate.id === from.node) : undefined;
    if (!from || !inner) break;
    const nested: BlockDefinition | undefined = definitionOf(document, inner);
    if (!nested) first = { node: from.node, port: from.handle, inner };
    at = nested;
    port = from.handle;
  }
  return {
    node,
    definition,
    title: node.label ?? definition.title,
    inputs: ports.inputs.map(typed),
    outputs: ports.outputs.map(typed),
    params: faceParams(node, definition, document.blocks),
    ...(first ? { previewFrom: first } : {}),
  };
}

