/** The shipped-model reader reads models/<name> of the app folder and nothing else. */
import { describe, expect, it } from 'vitest';
import { shippedModelReader } from '../../src-main/files/models';

describe('shippedModelReader', () => {
  const read = shippedModelReader(1024 ** 2);

  it('refuses anything but a plain file name', async () => {
    for (const name of ['../package.json', '/etc/passwd', 'a/b.safetensors', '.hidden', '']) {
      await expect(read(name)).rejects.toThrow(/is not a model's file name/);
    }
  });

  it('a model that is not there is an error, not an empty file', async () => {
    await expect(read('no-such-model.safetensors')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
