import { UsageError, type CliIo } from './main';

/** `convolab validate GRAPH`: checks a file without running it (exit 0 or 2). */
export async function validateCommand(_args: readonly string[], _io: CliIo): Promise<number> {
  throw new UsageError('validate is not built yet');
}
