/**
 * `convolab serve` carries each message as one binary frame (src-shared/protocol-codec.ts):
 * previews, values and files cross as their bytes, not as base64 text, both ways; a frame that is
 * not one of ours is dropped with a one-line notice, and the page's connection serves on.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { makeImage, makeSignal } from '../../../src-shared/data';
import { previewImage, previewSignal } from '../../../src-shared/engine/preview';
import type { FileMethods, FullValue, HostEvent, SocketServerMessage } from '../../../src-shared/protocol';
import { encodeMessage } from '../../../src-shared/protocol-codec';
import { MAX_PAGE_JSON_BYTES, startWebServer, type RunningServer } from '../../../src-main/web/server';
import { call, connect, decodeFrame, FakeHost } from './helpers';

let root: string;
beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), 'convolab-binary-')), 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Convolab</title>');
});

const servers: RunningServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: { host?: FakeHost; files?: FileMethods } = {}) {
  const host = options.host ?? new FakeHost();
  const server = await startWebServer({ rendererDir: root, host, ...(options.files ? { files: options.files } : {}), port: 0, token: 'bin-token' });
  servers.push(server);
  const ws = await connect(server);
  sockets.push(ws);
  return { server, host, ws };
}

/** The next frame the page receives: its size on the wire, and the message in it (JSON when it is text). */
function nextFrame(ws: WebSocket): Promise<{ bytes: number; binary: boolean; message: SocketServerMessage }> {
  return new Promise((resolve) => {
    ws.once('message', (data, binary) => {
      const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
      resolve({ bytes, binary, message: binary ? decodeFrame(data) : (JSON.parse(String(data)) as SocketServerMessage) });
    });
  });
}

/** What base64 of `bytes` would have taken: the transport before binary frames. */
const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

describe('convolab serve: bytes on the wire', () => {
  it('sends a 512² image preview in its pixel bytes and 1 % + 1 KB, not 4/3 of them', async () => {
    const { host, ws } = await start();
    // A page hears events once it has called (its session opens at its first call).
    await call(ws, 1, 'info', []);
    const data = Float32Array.from({ length: 512 * 512 }, (_, i) => Math.sin(i / 97) * (i % 512));
    const preview = previewImage(makeImage(data, 512, 512), 512);
    expect(preview.pixels.length).toBe(512 * 512);
    const event: HostEvent = { kind: 'nodesDone', runId: 1, nodes: [{ report: { id: 'img', status: 'ok', ms: 1 } as never, previews: { out: preview }, previewVersion: 1 }] };
    const arriving = nextFrame(ws);
    host.emit(event);
    const { bytes, binary, message } = await arriving;
    expect(binary).toBe(true);
    expect(bytes).toBeLessThanOrEqual(preview.pixels.length * 1.01 + 1024);
    expect(bytes).toBeLessThan(base64Length(preview.pixels.length));
    if (message.t !== 'event' || message.event.kind !== 'nodesDone') throw new Error('expected the nodesDone event');
    const out = message.event.nodes[0]?.previews?.out;
    if (out?.kind !== 'image') throw new Error('expected an image preview');
    expect(out.pixels).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(out.pixels), Buffer.from(preview.pixels))).toBe(0);
  });

  it('sends a 1-D sink\'s report, the node and its plot sharing one preview, as 240 float32 pairs: less than their doubles alone took', async () => {
    const { host, ws } = await start();
    await call(ws, 1, 'info', []);
    // The preview bench's 1-D case: 65,584 samples of a blurred Gaussian, min/max over 240 columns.
    const samples = Float64Array.from({ length: 65_584 }, (_, i) => Math.exp(-(((i - 32_792) / 9000) ** 2)) * 0.7071);
    const preview = previewSignal(makeSignal(samples, -32_792, 16_384), 240);
    const report = (id: string) => ({ id, status: 'ok', ms: 1 }) as never;
    const event: HostEvent = {
      kind: 'nodesDone',
      runId: 1,
      nodes: [
        { report: report('convolve1'), previews: { out: preview }, previewVersion: 1 },
        { report: report('plot1'), previews: { sink: preview }, previewVersion: 2 },
      ],
    };
    const arriving = nextFrame(ws);
    host.emit(event);
    const { bytes, message } = await arriving;
    // The arrays are 2 × 240 × 4 bytes, once, beside the JSON; as doubles the arrays alone took 3,840
    // (the frame 4.7 KB).
    expect(bytes).toBeGreaterThan(2 * 240 * 4);
    expect(bytes).toBeLessThan(2 * 240 * 8);
    if (message.t !== 'event' || message.event.kind !== 'nodesDone') throw new Error('expected the nodesDone event');
    for (const [done, port] of [[message.event.nodes[0], 'out'], [message.event.nodes[1], 'sink']] as const) {
      const back = done?.previews?.[port];
      if (back?.kind !== 'signal') throw new Error('expected a signal preview');
      expect(back.max).toBeInstanceOf(Float32Array);
      expect(Buffer.compare(Buffer.from(back.max.buffer, back.max.byteOffset, back.max.byteLength), Buffer.from(preview.max.buffer))).toBe(0);
      expect(back.hi).toBe(preview.hi);
    }
  });

  it('answers getValue with a 512² float image in its 1 MB and 1 % + 1 KB, values bit for bit', async () => {
    const host = new FakeHost();
    const data = Float32Array.from({ length: 512 * 512 }, (_, i) => (i % 7 === 0 ? -0 : i % 11 === 0 ? Number.NaN : i / 3));
    const image: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: 512, fullHeight: 512, width: 512, height: 512, channels: 1, origin: { x: 0, y: 0 }, data };
    host.getValue = (async () => image) as unknown as FakeHost['getValue'];
    const { ws } = await start({ host });
    const arriving = nextFrame(ws);
    ws.send(encodeMessage({ t: 'call', id: 1, method: 'getValue', args: ['img', 'out'] }));
    const { bytes, message } = await arriving;
    expect(bytes).toBeLessThanOrEqual(data.byteLength * 1.01 + 1024);
    if (message.t !== 'reply' || !message.ok) throw new Error('expected an answer');
    const back = (message.value as FullValue & { kind: 'image' }).data;
    expect(back).toBeInstanceOf(Float32Array);
    expect(Buffer.compare(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(data.buffer))).toBe(0);
  });

  it('takes an upload as its bytes and hands the files service a Uint8Array of exactly them', async () => {
    const received: Uint8Array[] = [];
    const files = {
      uploadFile: async (request: { path: string; data: Uint8Array }) => {
        received.push(request.data);
        return { path: request.path, name: 'a.bin' };
      },
    } as unknown as FileMethods;
    const { ws } = await start({ files });
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) & 255);
    expect(await call(ws, 1, 'uploadFile', [{ path: 'a.bin', data: bytes }])).toMatchObject({ ok: true, value: { path: 'a.bin' } });
    expect(received).toHaveLength(1);
    expect(received[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(received[0]!), Buffer.from(bytes))).toBe(0);
    // An array where the table wants words is refused by the same checks as any argument.
    expect(await call(ws, 2, 'listFolder', [new Float64Array(2)])).toMatchObject({ ok: false, error: expect.stringMatching(/^listFolder: bad arguments at 0/) });
  });
});

/** A frame of our layout around JSON text given as is. */
function forged(text: string): Buffer {
  const frame = Buffer.alloc(8 + Math.ceil(text.length / 8) * 8);
  frame.writeUInt32LE(0x314c5643, 0);
  frame.writeUInt32LE(text.length, 4);
  frame.write(text, 8);
  return frame;
}

describe('convolab serve: frames that are not ours', () => {
  it.each<[string, () => Buffer | string]>([
    ['a text message', () => JSON.stringify({ t: 'call', id: 1, method: 'info', args: [] })],
    ['a binary frame without the header', () => Buffer.from('{"t":"call","id":1,"method":"info","args":[]}')],
    ['an array reference past the frame', () => {
      const frame = Buffer.from(encodeMessage({ t: 'call', id: 1, method: 'uploadFile', args: [{ path: 'a', data: new Uint8Array(8) }] }));
      return frame.subarray(0, frame.length - 8);
    }],
    // The encoder escapes a data key `$bytes`: the reference is forged into the JSON by hand.
    ['a bad type tag', () => forged('{"t":"call","id":1,"method":"info","args":[{"$bytes":0,"type":"f16","length":0}]}')],
    ['a huge declared array', () => forged('{"t":"call","id":1,"method":"info","args":[{"$bytes":0,"type":"f64","length":4294967296}]}')],
  ])('drops %s with a one-line notice and serves on', async (what, make) => {
    const { host, ws } = await start();
    const heard = nextFrame(ws);
    ws.send(make());
    const { message, binary } = await heard;
    // A tab of an older Convolab sends and reads text: its notice comes as text, so it shows it.
    expect(binary).toBe(what !== 'a text message');
    expect(message.t).toBe('event');
    const event = (message as { event: { kind: string; level: string; message: string } }).event;
    expect(event).toMatchObject({ kind: 'notice', level: 'error' });
    expect(event.message).toMatch(/^convolab serve dropped a message from this page: [^\n]+$/);
    expect(host.calls).toEqual([]);
    expect(await call(ws, 2, 'info', [])).toMatchObject({ ok: true, value: { version: '9.9.9' } });
  });

  it('drops a frame of more JSON text than a page may send before parsing it, and serves on', async () => {
    // 65 MiB of `[],`: parsed, some 950 MB of empty arrays on the server's one thread (at the
    // 256 MB a frame may hold, past its heap: the server ended, and every page with it).
    const head = Buffer.from('{"t":"call","id":1,"method":"info","args":[');
    const tail = Buffer.from('[]]}');
    const text = Buffer.concat([head, Buffer.alloc(3 * Math.floor((65 * 1048576 - head.length - tail.length) / 3), '[],'), tail]);
    const frame = Buffer.alloc(8 + text.length + 8);
    frame.writeUInt32LE(0x314c5643, 0);
    frame.writeUInt32LE(text.length, 4);
    text.copy(frame, 8);
    expect(text.length).toBeGreaterThan(MAX_PAGE_JSON_BYTES);
    const { host, ws } = await start();
    const heard = nextFrame(ws);
    ws.send(frame);
    const { message } = await heard;
    expect((message as { event: { message: string } }).event.message).toBe(
      'convolab serve dropped a message from this page: bad Convolab message: its JSON text is 65.0 MiB, over the 64.0 MiB this reader takes: large values cross as arrays, not as JSON',
    );
    expect(host.calls).toEqual([]);
    expect(await call(ws, 2, 'info', [])).toMatchObject({ ok: true, value: { version: '9.9.9' } });
  });

  it('answers 300 corrupted frames with notices or replies, and the page\'s next call still', async () => {
    const { ws } = await start();
    const good = encodeMessage({ t: 'call', id: 1, method: 'uploadFile', args: [{ path: 'x', data: Uint8Array.from([1, 2, 3]) }] });
    const corrupted = fc.sample(
      fc.tuple(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(good.length)),
      { numRuns: 300, seed: 17 },
    );
    let answered = 0;
    ws.on('message', () => answered++);
    for (const [changes, cut] of corrupted) {
      const bytes = Buffer.from(good.subarray(0, Math.max(1, cut)));
      for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
      ws.send(bytes);
    }
    const reply = await call(ws, 1_000_000, 'info', []);
    expect(reply).toMatchObject({ ok: true });
    // Every frame got a notice, a reply, or (a call that decoded without an id) nothing: never more.
    expect(answered).toBeLessThanOrEqual(300 + 1);
  });
});
