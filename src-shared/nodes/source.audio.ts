import { makeSignal } from '../data';
import { readWav } from '../io/wav';
import { defineNode, fail, NO_FILE_CHOSEN, ok, RELATIVE_PATH_DOC, ResourceLimitError } from './define';

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
    const channel = params.channel;
    // Only the channel asked for is decoded (the mix summed as it is read): a long stereo file
    // costs one array of samples, not one per channel and the mix besides.
    const reserve = (size: number, what: string): void => {
      try {
        context.reserve(size, what);
      } catch (error) {
        if (!(error instanceof ResourceLimitError)) throw error;
        // A run holds a signal as 8 bytes a sample (about 45 minutes of one 48 kHz channel in 1 GiB).
        throw new ResourceLimitError(`${error.message}; a signal takes 8 bytes a sample: cut the recording into shorter parts, each a run of its own (convolab run --each)`);
      }
    };
    const decoded = readWav(bytes, { reserve, pick: channel === 'mix' ? 'mix' : channel === 'left' ? 0 : 1 });
    if (!decoded.ok) return fail(`${path}: ${decoded.error}`);
    const { channels, fileChannels, rate } = decoded.value;
    if (channel === 'right' && fileChannels < 2) return fail(`${path} is mono, so it has no right channel: use channel mix or left`);
    const samples = channels[0];
    if (samples === undefined) return fail(`${path} has no ${channel} channel: use channel mix`);
    return ok({ out: makeSignal(samples, 0, rate) });
  },
});
