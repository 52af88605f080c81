import type { FullValue, HostApi, HostEventListener, HostInfo, PortRef } from '../../src-shared/protocol';

/**
 * A host for editor-store tests that runs nothing and answers every request with nothing; a test
 * overrides what it watches (RecordingHost below records the value requests).
 */
export class QuietHost implements HostApi {
  run(): Promise<{ runId: number }> {
    return Promise.resolve({ runId: 1 });
  }
  cancel(): Promise<void> {
    return Promise.resolve();
  }
  info(): Promise<HostInfo> {
    return Promise.resolve({ version: 'test', mode: 'browser' });
  }
  getValue(_node: string): Promise<FullValue | undefined> {
    return Promise.resolve(undefined);
  }
  compareValues(_a: PortRef, _b: PortRef): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  frequencyResponse(_ref: PortRef): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  probeNode(_node: string): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  profile(): Promise<{ profileId: number }> {
    return Promise.resolve({ profileId: 1 });
  }
  cancelProfile(): Promise<void> {
    return Promise.resolve();
  }
  onEvent(_listener: HostEventListener): () => void {
    return () => undefined;
  }
}

/** A quiet host that records the value requests it is asked (a block's inside must ask by flat id). */
export class RecordingHost extends QuietHost {
  readonly asked: string[] = [];
  override getValue(node: string): Promise<FullValue | undefined> {
    this.asked.push(`value ${node}`);
    return super.getValue(node);
  }
  override compareValues(a: PortRef, b: PortRef): Promise<undefined> {
    this.asked.push(`compare ${a.node} ${b.node}`);
    return super.compareValues(a, b);
  }
  override frequencyResponse(ref: PortRef): Promise<undefined> {
    this.asked.push(`response ${ref.node}`);
    return super.frequencyResponse(ref);
  }
  override probeNode(node: string): Promise<undefined> {
    this.asked.push(`probe ${node}`);
    return super.probeNode(node);
  }
}
