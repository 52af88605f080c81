/**
 * Every node type Convolab knows. The palette, inspector, validator, engine and CLI read this
 * list and nothing else. Adding a node type: one file in this folder, one line here.
 */
import type { NodeDefinition } from './define';
import { plotSink } from './sink.plot';
import { sequenceSource } from './source.sequence';

export const NODE_DEFINITIONS: readonly NodeDefinition[] = [
  sequenceSource,
  plotSink,
];

const byType = new Map<string, NodeDefinition>(NODE_DEFINITIONS.map((definition) => [definition.type, definition]));

export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return byType.get(type);
}

export function nodeTypes(): string[] {
  return [...byType.keys()];
}
