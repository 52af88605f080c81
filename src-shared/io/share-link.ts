/**
 * Share links (issue 18 §2): the graph file's text, deflated (deflate.ts) and written in
 * base64url (RFC 4648 §5, no padding) into the URL fragment, `BASE#graph=…`. A fragment is never
 * sent to a server, so the graph goes from one browser to another and nowhere else. Lessons
 * travel with it: they are part of the document's `meta` (lesson.ts), which the file's text holds.
 *
 * A link is bounded both ways: one over MAX_SHARE_LINK_CHARS is not made (download the file
 * instead) nor read, and what a link inflates to is capped, so a hostile link costs nothing
 * before it is refused. What comes out is only text: the graph loader validates it exactly as it
 * does a file.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { deflateText, inflateText, kilobytes } from './deflate';
import { type CodecResult, failure, success } from './result';

/** The fragment's key: `#graph=…`. */
export const SHARE_LINK_KEY = 'graph';
/** The longest link Convolab makes or reads: 32 KB, well inside what browsers and chats keep. */
export const MAX_SHARE_LINK_CHARS = 32 * 1024;
/** The most graph text a link may inflate to: 1 MiB. */
export const MAX_SHARED_GRAPH_BYTES = 1024 * 1024;

/** The link for a graph: `base#graph=…` (base may be '' for the fragment alone); refused over the cap. */
export function shareLink(graphText: string, base = ''): CodecResult<string> {
  const payload = bytesToBase64(deflateText(graphText)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const link = `${base.replace(/#.*$/, '')}#${SHARE_LINK_KEY}=${payload}`;
  if (link.length > MAX_SHARE_LINK_CHARS) {
    return failure(`the link would be ${kilobytes(link.length)}, over the ${kilobytes(MAX_SHARE_LINK_CHARS)} a link carries: download the graph file and share that instead`);
  }
  return success(link);
}

/** The payload of a share link in `text` (a whole link, or its fragment alone); undefined when the text is no share link. */
export function sharePayload(text: string): string | undefined {
  const match = /^[^\s#]*#graph=(\S*)$/.exec(text.trim());
  return match ? match[1] : undefined;
}

/** Whether `text` is a share link (so a paste opens it rather than pasting nodes). */
export function isShareLink(text: string): boolean {
  return sharePayload(text) !== undefined;
}

/** The graph text a share link carries, or the one line that says why it cannot be read. */
export function readShareLink(text: string): CodecResult<string> {
  const trimmed = text.trim();
  if (trimmed.length > MAX_SHARE_LINK_CHARS) {
    return failure(`link: ${kilobytes(trimmed.length)} is over the ${kilobytes(MAX_SHARE_LINK_CHARS)} a link may be: ask for the graph file instead`);
  }
  const payload = sharePayload(trimmed);
  if (payload === undefined) return failure(`link: not a Convolab link (one ends in #${SHARE_LINK_KEY}=…)`);
  if (payload.length === 0) return failure('link: the graph after #graph= is empty: copy the whole link again');
  const bad = /[^A-Za-z0-9_-]/.exec(payload);
  if (bad) return failure(`link: character ${bad.index + 1} after #graph= (${JSON.stringify(bad[0])}) is not base64url: the link was changed on the way; copy it again`);
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(payload.replace(/-/g, '+').replace(/_/g, '/'));
  } catch (error) {
    return failure(`link: ${error instanceof Error ? error.message : String(error)}: the link is cut short; copy it again`);
  }
  const inflated = inflateText(bytes, MAX_SHARED_GRAPH_BYTES, 'link: the graph in it');
  if (inflated.ok || !inflated.error.includes('damaged')) return inflated;
  return failure(`${inflated.error}: the link is cut short or changed on the way; copy the whole link again`);
}
