import { readImage } from '../io/image';
import { defineNode, fail, NO_FILE_CHOSEN, ok, RELATIVE_PATH_DOC } from './define';

export const imageSource = defineNode({
  type: 'source.image',
  title: 'Image file',
  category: 'source',
  tags: ['picture', 'photo', 'png', 'jpeg', 'load', 'open'],
  doc:
    'A PNG or JPEG file as an image with values in [0, 1]: one gray channel (Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B) ' +
    'or three RGB channels. ' + RELATIVE_PATH_DOC,
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [
    { kind: 'path', name: 'path', label: 'File', default: '', extensions: ['png', 'jpg', 'jpeg'], inline: true },
    { kind: 'enum', name: 'mode', label: 'Mode', options: ['gray', 'rgb'], default: 'gray' },
  ],
  async compute(_inputs, params, context) {
    const path = params.path;
    if (path === '') return fail(`${NO_FILE_CHOSEN}: choose a PNG or JPEG file (path)`);
    const bytes = await context.readFile(path);
    // The decoder claims its memory from the header, before it inflates or allocates anything.
    const reserve = (size: number, what: string): void => context.reserve(size, what);
    const decoded = readImage(bytes, { mode: params.mode, reserve });
    if (!decoded.ok) return fail(`${path}: ${decoded.error}`);
    return ok({ out: decoded.value });
  },
});
