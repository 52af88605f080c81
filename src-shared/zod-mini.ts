/**
 * zod's mini build, for the schemas a `convolab run` needs (the graph file's shape, graph/schema.ts,
 * and the U-Net probe's arguments). The classic `z` builds every method of every schema type when
 * it loads: 390 KB of the CLI's bundle and about 50 ms of CPU on each start, against about 35 KB
 * for the mini build, whose checks are functions that the bundle keeps only when called
 * (`z.string().check(z.maxLength(n))` for `z.string().max(n)`). Both are zod 4 over the same core:
 * a mini schema nests in a classic one (protocol.ts) and reports the same issues.
 *
 * The classic build sets English messages when its first schema is made; the mini build sets none
 * (its `issue.message` would be "Invalid input"), so this module sets the same English ones
 * (the classic build, loaded by other modules, leaves a locale already set as it is).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

// Imported as `import * as z from '../zod-mini'`: the bundle keeps what `z.…` names, not the
// whole namespace (a namespace object handed on whole would keep all of zod).
export * from 'zod/mini';
