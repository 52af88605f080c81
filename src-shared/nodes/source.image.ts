import { readImage, type ImageMode } from '../io/image';
import { defineNode, fail, ok, stringParam } from './define';

export const imageSource = defineNode({
  type: 'source.image',
  title: 'Image file',
  category: 'source',
  tags: ['picture', 'photo', 'png', 'jpeg', 'load', 'open'],
  doc:
    'A PNG or JPEG file as an image with values in [0, 1]: one gray channel (Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B) ' +
    'or three RGB channels. A relative path is read from the graph file\'s folder.',
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [
    { kind: 'path', name: 'path', label: 'File', default: '', extensions: ['png', 'jpg', 'jpeg'], inline: true },
    { kind: 'enum', name: 'mode', label: 'Mode', options: ['gray', 'rgb'], default: 'gray' },
  ],
  async compute(_inputs, params, context) {
    const path = stringParam(params, 'path');
    if (path === '') return fail('no file chosen: set path to a PNG or JPEG file');
    const bytes = await context.readFile(path);
    const decoded = readImage(bytes, { mode: stringParam(params, 'mode') as ImageMode });
    if (!decoded.ok) return fail(`${path}: ${decoded.error}`);
    const image = decoded.value;
    context.reserve(image.data.byteLength, `a ${image.width}×${image.height} image`);
    return ok({ out: image });
  },
});
