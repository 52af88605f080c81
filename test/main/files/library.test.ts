/**
 * The block library on disk (src-main/files/library.ts through the files service): saving writes
 * `<stateDir>/blocks/<name>.convolab.json` atomically and only over a block it is told to replace;
 * listing loads each file with the normal loader and skips a broken or hostile one with one line.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeServeTempFiles } from '../../../src-main/cli/serve';
import { ServedFiles } from '../../../src-main/files/service';
import { blockKey } from '../../../src-shared/graph/blocks';
import { loadGraph } from '../../../src-shared/graph/load';
import { libraryBlockText, listLibrary, MAX_LIBRARY_BLOCKS, MAX_LIBRARY_FILE_BYTES } from '../../../src-shared/library';
import { FFT_CONVOLUTION, SQUARE } from '../../engine/block-documents';

function service() {
  const home = mkdtempSync(join(tmpdir(), 'convolab-library-'));
  mkdirSync(join(home, 'served'));
  const files = new ServedFiles({ stateDir: join(home, 'state'), folder: join(home, 'served') });
  return { files, folder: join(home, 'state', 'blocks') };
}

describe('the block library of the files service', () => {
  it('is empty before anything is saved, and lists a saved block under its name with its content key and promoted values', async () => {
    const { files, folder } = service();
    await expect(files.libraryBlocks()).resolves.toEqual({ blocks: [], skipped: [] });
    const text = libraryBlockText(FFT_CONVOLUTION, { n: 32 });
    await expect(files.saveLibraryBlock({ name: 'FFT convolution', text })).resolves.toEqual({ name: 'FFT convolution', saved: true, key: blockKey(FFT_CONVOLUTION) });
    expect(readdirSync(folder)).toEqual(['FFT convolution.convolab.json']);
    // The file is an ordinary graph file: it opens as a graph of one block node.
    const opened = loadGraph(readFileSync(join(folder, 'FFT convolution.convolab.json'), 'utf8'));
    expect(opened.ok && opened.document.nodes.map((node) => node.type)).toEqual(['block']);
    const listing = await files.libraryBlocks();
    expect(listing.skipped).toEqual([]);
    expect(listing.blocks).toEqual([{ name: 'FFT convolution', key: blockKey(FFT_CONVOLUTION), definition: FFT_CONVOLUTION, params: { n: 32 } }]);
  });

  it('does not write over a block of the same name unless told to replace it', async () => {
    const { files, folder } = service();
    const path = join(folder, 'Mine.convolab.json');
    await files.saveLibraryBlock({ name: 'Mine', text: libraryBlockText(FFT_CONVOLUTION) });
    const first = readFileSync(path, 'utf8');
    const other = libraryBlockText(SQUARE);
    await expect(files.saveLibraryBlock({ name: 'Mine', text: other })).resolves.toEqual({ name: 'Mine', saved: false, key: blockKey(SQUARE) });
    expect(readFileSync(path, 'utf8')).toBe(first);
    await expect(files.saveLibraryBlock({ name: 'Mine', text: other, replace: true })).resolves.toMatchObject({ saved: true });
    expect(readFileSync(path, 'utf8')).toBe(other);
    // Atomic writes leave no temporary file behind.
    expect(readdirSync(folder)).toEqual(['Mine.convolab.json']);
    expect((await files.libraryBlocks()).blocks.map((block) => block.key)).toEqual([blockKey(SQUARE)]);
  });

  it('refuses names that are not plain file names, and text that is not one block, writing nothing', async () => {
    const { files, folder } = service();
    const text = libraryBlockText(SQUARE);
    for (const name of ['../escape', 'a/b', 'a\\b', '..', '.hidden', 'CON', 'x:y', 'tab\there', ' padded', '', 'x'.repeat(101)]) {
      await expect(files.saveLibraryBlock({ name, text }), name).rejects.toThrow(/^Save to library: /);
    }
    const graph = JSON.stringify({ format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'source.sequence' }], edges: [] });
    await expect(files.saveLibraryBlock({ name: 'plain', text: graph })).rejects.toThrow('Save to library: plain: a library block file holds exactly one block node (this one has 1 node, a of type source.sequence)');
    await expect(files.saveLibraryBlock({ name: 'big', text: text + ' '.repeat(MAX_LIBRARY_FILE_BYTES) })).rejects.toThrow(/over the library's limit/);
    expect(() => readdirSync(folder)).toThrow(/ENOENT/);
  });

  it('skips broken, hostile and foreign files with one line each and lists the rest', async () => {
    const { files, folder } = service();
    await files.saveLibraryBlock({ name: 'Square', text: libraryBlockText(SQUARE) });
    writeFileSync(join(folder, 'Broken.convolab.json'), '{ "format": "convolab.graph", "version": 3, "nodes": [');
    writeFileSync(join(folder, 'Two nodes.convolab.json'), JSON.stringify({ format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'op.fft' }, { id: 'b', type: 'op.fft' }], edges: [] }));
    // A hostile file: a block of a block (nesting is refused by the format).
    const nested = JSON.parse(libraryBlockText(SQUARE)) as { blocks: Record<string, { nodes: { id: string; type: string; block?: string }[] }> };
    const key = Object.keys(nested.blocks)[0]!;
    nested.blocks[key]!.nodes.push({ id: 'inner', type: 'block', block: key });
    writeFileSync(join(folder, 'Nested.convolab.json'), JSON.stringify(nested));
    writeFileSync(join(folder, 'Latin1.convolab.json'), Uint8Array.of(0x7b, 0xe9, 0x7d));
    symlinkSync('/dev/zero', join(folder, 'Device.convolab.json'));
    writeFileSync(join(folder, 'notes.txt'), 'not a block\n');
    mkdirSync(join(folder, 'Folder.convolab.json'));
    const listing = await files.libraryBlocks();
    expect(listing.blocks.map((block) => block.name)).toEqual(['Square']);
    expect(listing.skipped).toHaveLength(5);
    const line = (file: string): string | undefined => listing.skipped.find((entry) => entry.startsWith(`My blocks: ${file} skipped: `));
    expect(line('Broken.convolab.json')).toMatch(/line \d+, column \d+/);
    expect(line('Two nodes.convolab.json')).toContain('exactly one block node (this one has 2 nodes');
    expect(line('Nested.convolab.json')).toContain('the block contains itself');
    expect(line('Latin1.convolab.json')).toContain('not UTF-8 text');
    expect(line('Device.convolab.json')).toContain('not a regular file');
    for (const entry of listing.skipped) expect(entry).not.toContain('\n');
  });

  it('reads no file over the size limit', async () => {
    const { files, folder } = service();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'Huge.convolab.json'), libraryBlockText(SQUARE) + ' '.repeat(MAX_LIBRARY_FILE_BYTES));
    const listing = await files.libraryBlocks();
    expect(listing.blocks).toEqual([]);
    expect(listing.skipped).toEqual([expect.stringMatching(/^My blocks: Huge\.convolab\.json skipped: it is .* over the .* memory limit/)]);
  });

  it('reads at most MAX_LIBRARY_BLOCKS files and says in one line that the rest were not read', async () => {
    let reads = 0;
    const text = libraryBlockText(SQUARE);
    const sources = Array.from({ length: MAX_LIBRARY_BLOCKS + 5 }, (_, i) => ({
      name: `Block ${String(i).padStart(4, '0')}`,
      read: async () => {
        reads++;
        return text;
      },
    }));
    const listing = await listLibrary(sources);
    expect(reads).toBe(MAX_LIBRARY_BLOCKS);
    expect(listing.blocks).toHaveLength(MAX_LIBRARY_BLOCKS);
    expect(listing.skipped).toEqual([`My blocks: Block ${MAX_LIBRARY_BLOCKS}.convolab.json skipped: the library lists at most ${MAX_LIBRARY_BLOCKS} blocks and 64 MiB; this and 4 more were not read`]);
  });

  it('loses the temporary file a killed save left when serve starts, keeping the blocks and a save still going', async () => {
    const { files, folder } = service();
    await files.saveLibraryBlock({ name: 'Mine', text: libraryBlockText(SQUARE) });
    // Named as writeFileAtomic names its temporaries: one an hour old (killed), one just made (still writing).
    const killed = join(folder, '.Other.convolab.json.0123456789ab.tmp');
    const going = join(folder, '.Third.convolab.json.ba9876543210.tmp');
    writeFileSync(killed, '{"format":');
    writeFileSync(going, '{"format":');
    const old = Date.now() / 1000 - 3600;
    utimesSync(killed, old, old);
    const state = join(folder, '..');
    const removed = await removeServeTempFiles(join(state, '..', 'served'), state);
    expect(removed).toEqual([killed]);
    expect(readdirSync(folder).sort()).toEqual(['.Third.convolab.json.ba9876543210.tmp', 'Mine.convolab.json']);
    expect((await files.libraryBlocks()).blocks.map((block) => block.name)).toEqual(['Mine']);
  });
});

