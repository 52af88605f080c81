/**
 * Setup file of every unit-test project: every engine host, band pool and batch pool a test opens
 * without naming its own worker starts from this run's bundles of the worker sources
 * (test/source-workers.setup.ts), not from a bootstrap that bundles them again on each start.
 */
import { inject } from 'vitest';
import { useBuiltBatchWorker } from '../src-main/cli/batch-entry';
import { useBuiltWorkers } from '../src-main/host/entries';

const workers = inject('sourceWorkers');
if (workers) {
  useBuiltWorkers({ engine: new URL(workers.engine), band: new URL(workers.band) });
  useBuiltBatchWorker(new URL(workers.batch));
}
