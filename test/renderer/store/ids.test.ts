import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../../src-shared/graph/document';
import { NODE_DEFINITIONS } from '../../../src-shared/nodes/registry';
import { applyCommand, duplicateCommand, idStem, newNodeId } from '../../../src-renderer/store/commands';

function withNodes(...nodes: [string, string][]): GraphDocument {
  return { ...emptyDocument(), nodes: nodes.map(([id, type]) => ({ id, type, position: { x: 0, y: 0 } })) };
}

describe('ids of new nodes', () => {
  it('a sink dropped beside a source of the same word is told apart by its id', () => {
    const document = withNodes(['image1', 'source.image']);
    expect(newNodeId('sink.image', document)).toBe('imageSink1');
    expect(newNodeId('source.image', document)).toBe('image2');
    expect(newNodeId('sink.audio', withNodes(['audio1', 'source.audio']))).toBe('audioSink1');
    expect(newNodeId('source.audio', emptyDocument())).toBe('audio1');
  });

  it('a type whose word no other type shares keeps the short id', () => {
    expect(newNodeId('op.convolve', emptyDocument())).toBe('convolve1');
    expect(newNodeId('kernel.gaussian', withNodes(['gaussian1', 'kernel.gaussian']))).toBe('gaussian2');
    expect(newNodeId('sink.plot', emptyDocument())).toBe('plot1');
    expect(newNodeId('sink.value', emptyDocument())).toBe('value1');
  });

  it('no two node types share an id stem', () => {
    const stems = NODE_DEFINITIONS.map((definition) => idStem(definition.type));
    expect(new Set(stems).size).toBe(NODE_DEFINITIONS.length);
    for (const stem of stems) expect(stem).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('ids from a file stay as they are; a copy of an old `image2` sink gets the new kind of id', () => {
    const old = withNodes(['image1', 'source.image'], ['image2', 'sink.image']);
    const command = duplicateCommand(old, ['image2'])!;
    const next = applyCommand(old, command);
    expect(next.nodes.map((node) => node.id)).toEqual(['image1', 'image2', 'imageSink1']);
  });

  it('an unknown type still gets an id from its last word', () => {
    expect(newNodeId('op.fromTheFuture', emptyDocument())).toBe('fromTheFuture1');
  });
});
