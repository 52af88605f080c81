/**
 * What the page sends for a run: the document as an edit of the one it sent last
 * (src-shared/graph/document-edit.ts), so a param change in a 300-node graph costs the page the
 * node it changed, not the encoding of the whole document. Each document sent gets a version the
 * host keeps it under; a host that does not hold the base of an edit (a new host, an edit it
 * refused) answers `needsDocument`, and the document goes again whole.
 */
import { diffDocuments } from '../../src-shared/graph/document-edit';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostMethods, RunAnswer, RunRequest } from '../../src-shared/protocol';

export class RunRequests {
  /** Names this page's documents apart from another page's (a reload) to the same host. */
  private readonly page = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  private count = 0;
  /** The last document sent, which the host holds once it has taken that run. */
  private sent: { readonly version: string; readonly doc: GraphDocument } | undefined;
  /** Runs sent as edits and whole (for tests and benches). */
  readonly counts = { edits: 0, whole: 0 };

  constructor(private readonly host: Pick<HostMethods, 'run'>) {}

  /** Sends a run of `doc`; resolves with the host's id for it. */
  async run(doc: GraphDocument, resend: boolean): Promise<{ runId: number }> {
    const version = `${this.page}.${++this.count}`;
    const before = this.sent;
    this.sent = { version, doc };
    const extra = resend ? { resend: true } : {};
    const whole = async (): Promise<{ runId: number }> => {
      this.counts.whole++;
      const answer = await this.host.run({ doc, version, ...extra });
      if (!('runId' in answer)) throw new Error('the engine host asked again for the whole document it was sent');
      return answer;
    };
    try {
      const edit = before && diffDocuments(before.doc, doc, before.version, version);
      if (!edit) return await whole();
      this.counts.edits++;
      const request: RunRequest = { edit, ...extra };
      let answer: RunAnswer;
      try {
        answer = await this.host.run(request);
      } catch {
        // An edit the host could not take (it says why only if the whole document fails too).
        return await whole();
      }
      return 'runId' in answer ? answer : await whole();
    } catch (error) {
      // The host may not hold this version: the next run goes whole.
      if (this.sent?.version === version) this.sent = undefined;
      throw error;
    }
  }
}
