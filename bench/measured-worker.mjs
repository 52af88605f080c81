// The engine worker, measured for bench/memory-host.ts: when the runs listed in
// CONVOLAB_MEASURE_AT (run counts, e.g. "2,102,1002") end, it reports this thread's memory as
// an info notice `memory {"run":N,"before":{…},"after":{…}}`: heap and buffers as the run left
// them, and again after a full collection (what is still referenced). Nothing is collected at
// any other time, so the process's resident memory is what a user's host would show.
// CONVOLAB_WORKER names a built engine worker to measure instead of the source one.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const at = new Set((process.env.CONVOLAB_MEASURE_AT ?? '').split(',').filter(Boolean).map(Number));
const usage = () => {
  const { heapUsed, heapTotal, arrayBuffers, external } = process.memoryUsage();
  return { heapUsed, heapTotal, arrayBuffers, external };
};
let ended = 0;
/** Whether a message of the worker carries a runEnd (alone, or last of several events sent together). */
const endsRun = (message) =>
  (message?.kind === 'event' ? [message.event] : message?.kind === 'events' ? message.events : []).some((event) => event.kind === 'runEnd');
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message, transfer) => {
  post(message, transfer);
  if (endsRun(message) && at.has(++ended)) {
    const before = usage();
    gc();
    post({ kind: 'event', event: { kind: 'notice', level: 'info', message: `memory ${JSON.stringify({ run: ended, before, after: usage() })}` } });
  }
};

await import(process.env.CONVOLAB_WORKER ? pathToFileURL(resolve(process.env.CONVOLAB_WORKER)).href : '../src-main/host/worker-source.mjs');
