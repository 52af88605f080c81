/**
 * The renderer draws every node from its definition: it never names a node type id. A view about
 * particular node types names them through their definitions (`convolveOperation.type`), so a
 * renamed or removed type fails the type check instead of silently matching nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTypes } from '../../src-shared/nodes/registry';

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the renderer names no node type id', () => {
  it('no renderer source holds a registered type id as a string literal', () => {
    const ids = nodeTypes();
    expect(ids.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const file of sources('src-renderer')) {
      const text = readFileSync(file, 'utf8');
      for (const id of ids) if (text.includes(`'${id}'`) || text.includes(`"${id}"`) || text.includes(`\`${id}\``)) found.push(`${file}: ${id}`);
    }
    expect(found).toEqual([]);
  });
});
