import { makeSignal } from '../data';
import { allocFloat64 } from '../dsp/buffer-pool';
import { readWav } from '../io/wav';
import { defineNode, fail, NO_FILE_CHOSEN, ok, RELATIVE_PATH_DOC } from './define';

export const audioSource = defineNode({
  type: 'source.audio',
  title: 'Audio file',
  category: 'source',
  tags: ['wav', 'sound', 'recording', 'load', 'open', 'music', 'speech'],
  doc:
    'A WAV file (PCM 8/16/24/32-bit or float 32/64) as a signal at the file\'s sample rate. Integer PCM is scaled by ' +
    '1/2^(bits − 1) (8-bit is unsigned around 128), so full scale is ±1; `mix` averages the channels. ' +
    RELATIVE_PATH_DOC,
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'path', name: 'path', label: 'File', default: '', extensions: ['wav'], inline: true },
    { kind: 'enum', name: 'channel', label: 'Channel', options: ['mix', 'left', 'right'], default: 'mix' },
  ],
  async compute(_inputs, params, context) {
    const path = params.path;
    if (path === '') return fail(`${NO_FILE_CHOSEN}: choose a WAV file (path)`);
    const bytes = await context.readFile(path);
    const decoded = readWav(bytes, { reserve: (size, what) => context.reserve(size, what) });
    if (!decoded.ok) return fail(`${path}: ${decoded.error}`);
    const { channels, rate } = decoded.value;
    const channel = params.channel;
    if (channel === 'right' && channels.length < 2) return fail(`${path} is mono, so it has no right channel: use channel mix or left`);
    if (channel !== 'mix') {
      const chosen = channels[channel === 'left' ? 0 : 1];
      if (chosen === undefined) return fail(`${path} has no ${channel} channel: use channel mix`);
      return ok({ out: makeSignal(chosen, 0, rate) });
    }
    // A mono file's mix is its one channel.
    if (channels.length === 1) return ok({ out: makeSignal(channels[0]!, 0, rate) });
    const frames = channels[0]?.length ?? 0;
    context.reserve(frames * 8, `${frames} samples`);
    const data = allocFloat64(frames);
    for (const samples of channels) for (let i = 0; i < frames; i++) data[i] = data[i]! + samples[i]! / channels.length;
    return ok({ out: makeSignal(data, 0, rate) });
  },
});
