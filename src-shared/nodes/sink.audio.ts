import { defineNode, ok } from './define';

export const audioSink = defineNode({
  type: 'sink.audio',
  title: 'Audio player',
  category: 'sink',
  tags: ['sound', 'play', 'listen', 'speaker', 'hear', 'reverb', 'echo', 'noise'],
  doc:
    'Plays a signal at its own sample rate in the app. With normalise on it is scaled by 1 / max |x| first, so a ' +
    'convolution that grew large (reverb sums many echoes) plays at full level without clipping.',
  inputs: [{ id: 'in', types: ['signal'] }],
  outputs: [],
  params: [{ kind: 'boolean', name: 'normalize', label: 'Normalise', default: true, inline: true }],
  display: {
    play: ({ normalize }) => ({ normalize }),
  },
  compute(inputs) {
    return ok({}, { sink: inputs.in! });
  },
});
