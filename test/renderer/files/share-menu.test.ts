/**
 * Where a copied link points and what the canvas picture is called: a served page links to
 * itself without its serve token or an old fragment; the desktop, which has no web address,
 * copies the `#graph=…` part alone, which a served page opens when it is pasted.
 */
import { describe, expect, it } from 'vitest';
import { canvasFileName, linkBase } from '../../../src-renderer/files/ShareMenu';
import { readShareLink, shareLink } from '../../../src-shared/io/share-link';

describe('the Share menu', () => {
  it('links a served page to its origin and path, and the desktop to the fragment alone', () => {
    const served = { protocol: 'http:', origin: 'http://127.0.0.1:5191', pathname: '/index.html' };
    expect(linkBase(served, 'browser')).toBe('http://127.0.0.1:5191/index.html');
    expect(linkBase({ protocol: 'convolab:', origin: 'convolab://app', pathname: '/index.html' }, 'electron')).toBe('');
    expect(linkBase(served, 'electron')).toBe('');
    const desktop = shareLink('{"a":1}', linkBase({ protocol: 'file:', origin: 'null', pathname: '/x' }, 'browser'));
    expect(desktop.ok && desktop.value.startsWith('#graph=')).toBe(true);
    expect(desktop.ok && readShareLink(desktop.value)).toEqual({ ok: true, value: '{"a":1}' });
  });

  it('names the canvas picture after the document, safely', () => {
    expect(canvasFileName('two-dice.convolab.json')).toBe('two-dice.png');
    expect(canvasFileName('Untitled')).toBe('Untitled.png');
    expect(canvasFileName('The convolution theorem (1-D)')).toBe('The convolution theorem _1-D_.png');
    expect(canvasFileName('../../etc/passwd')).toBe('__.._etc_passwd.png');
    expect(canvasFileName('')).toBe('graph.png');
  });
});
