import { describe, expect, it } from 'vitest';
import { blockStatus, type MemberState } from '../../src-shared/engine/block-status';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { fftConvolutionDocument } from './block-documents';

/** The state of each flat node after a real run, as the editor keeps it. */
async function statesAfterRun(document: GraphDocument): Promise<Map<string, MemberState>> {
  const result = await new Engine().run(document);
  return new Map(result.reports.map((report) => [report.id, { status: report.status, report }]));
}

describe('blockStatus', () => {
  it('is ok after a good run, and its preview is the inner output behind the first output port', async () => {
    const document = fftConvolutionDocument();
    const states = await statesAfterRun(document);
    expect(blockStatus(document, 'conv', (id) => states.get(id))).toEqual({ status: 'ok', preview: { node: 'conv/back', port: 'out' } });
  });

  it('is an error when an inner node failed, and the message names that inner node', async () => {
    const document = fftConvolutionDocument(4);
    const states = await statesAfterRun(document);
    const status = blockStatus(document, 'conv', (id) => states.get(id));
    expect(status?.status).toBe('error');
    expect(status?.failed).toBe('conv/fftA');
    expect(status?.error).toBe(`fftA: ${states.get('conv/fftA')?.report?.error}`);
  });

  it('an unconnected port is said as the block input waiting for a wire', async () => {
    const document = fftConvolutionDocument();
    document.edges = document.edges.filter((edge) => !(edge.target === 'conv' && edge.targetHandle === 'b'));
    const states = await statesAfterRun(document);
    expect(blockStatus(document, 'conv', (id) => states.get(id))?.error).toBe('input b is not connected: connect a signal');
  });

  it('is running while any inner node runs, skipped when all were, idle before any ran', () => {
    const document = fftConvolutionDocument();
    const running = new Map<string, MemberState>([
      ['conv/fftA', { status: 'ok' }],
      ['conv/fftB', { status: 'running' }],
    ]);
    expect(blockStatus(document, 'conv', (id) => running.get(id))?.status).toBe('running');
    const skipped: MemberState = { status: 'skipped', report: { error: 'skipped: input from a has no value' } };
    expect(blockStatus(document, 'conv', () => skipped)).toMatchObject({ status: 'skipped', error: 'skipped: input from a has no value' });
    expect(blockStatus(document, 'conv', () => undefined)?.status).toBe('idle');
  });

  it('is undefined for a node that is not a block with a definition', () => {
    const document = fftConvolutionDocument();
    expect(blockStatus(document, 'plot', () => undefined)).toBeUndefined();
    document.nodes[2]!.block = 'bmissing';
    expect(blockStatus(document, 'conv', () => undefined)).toBeUndefined();
  });
});
