// Types of source-bundle.mjs (plain JavaScript: it runs before any TypeScript loader).
/** Bundles `entry` (a file URL of a TypeScript module) and returns the bundle's file path. */
export function bundleSource(entry: URL | string): Promise<string>;
/** Bundles `entry` (in a child process) and runs it in this thread. */
export function importSource(entry: URL | string): Promise<void>;
