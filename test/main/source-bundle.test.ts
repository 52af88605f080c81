/**
 * Workers started from source run an esbuild bundle, not tsx (src-main/host/source-bundle.mjs):
 * each of our modules in it must still see its own import.meta.url (the shipped models are found
 * from it), and the same source must give the same bundle file, which threads then share.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleSource } from '../../src-main/host/source-bundle.mjs';

const entry = new URL('./fixtures/meta-url.ts', import.meta.url);

describe('bundling a worker from source', () => {
  it('keeps each module its own import.meta.url and names the bundle by its content', async () => {
    const path = await bundleSource(entry);
    expect(path).not.toContain('fixtures');
    expect(readFileSync(path, 'utf8')).not.toContain(': string');
    const bundled = (await import(pathToFileURL(path).href)) as { where: string; neighbour: string };
    expect(bundled.where).toBe(entry.href);
    expect(bundled.neighbour).toBe(new URL('./fixtures/meta-url-neighbour.ts', import.meta.url).href);
    expect(await bundleSource(entry)).toBe(path);
  });
});
