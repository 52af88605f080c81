// A writer that is killed between writing the temp file and renaming it over the target:
// it announces the temp file's path, then waits forever for the parent to kill it.
import { writeFileAtomic } from '../../../src-main/files/atomic';

const [target, text] = process.argv.slice(2);
await writeFileAtomic(target, text, {
  beforeRename: async (temp) => {
    process.stdout.write(`ready ${temp}\n`);
    await new Promise(() => undefined);
  },
});
