import { UsageError, type CliIo } from './main';

/** `convolab run GRAPH --out DIR [--json] [--check]` (../shared/FORMAT.md, "Headless results"). */
export async function runCommand(_args: readonly string[], _io: CliIo): Promise<number> {
  throw new UsageError('run is not built yet');
}
