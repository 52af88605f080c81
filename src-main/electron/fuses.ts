/**
 * Electron's fuses for the packaged app: switches compiled into the Electron binary, flipped
 * once when the app is packaged (before it is signed, so the signature then guards them). They
 * turn off what lets another program run code as Convolab — ELECTRON_RUN_AS_NODE, NODE_OPTIONS,
 * --inspect — and make the app load only its own checked app.asar. Applied by
 * `npm run package:fuses -- PATH` (scripts/package-fuses.ts) with @electron/fuses, a development
 * dependency that only this step loads; nothing here imports Electron or runs in the app.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'GrantFileProtocolExtraPrivileges';

export const PACKAGED_FUSES: Readonly<Record<FuseName, boolean>> = {
  // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node for anyone (the app forks no Node child).
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // The code that runs is the app.asar that was packaged and signed, and no other.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // The page loads from convolab://app (protocol.ts): file: needs none of its old privileges.
  GrantFileProtocolExtraPrivileges: false,
};

/** The part of @electron/fuses this step uses (see its README: flipFuses, FuseVersion, FuseV1Options). */
export interface FusesModule {
  readonly FuseVersion: { readonly V1: string };
  readonly FuseV1Options: Readonly<Partial<Record<string, number | string>>>;
  flipFuses(pathToElectron: string, config: FuseConfig): Promise<unknown>;
}

/** @electron/fuses' FuseV1Config: the wire version, then each fuse's index on the wire → on/off. */
export type FuseConfig = { version: string; resetAdHocDarwinSignature?: boolean } & Record<number, boolean>;

/** The configuration for flipFuses, each fuse named through the package's own FuseV1Options. */
export function fuseConfig(fuses: Pick<FusesModule, 'FuseVersion' | 'FuseV1Options'>, settings: Readonly<Record<string, boolean>> = PACKAGED_FUSES): FuseConfig {
  const config: FuseConfig = { version: fuses.FuseVersion.V1 };
  for (const [name, on] of Object.entries(settings)) {
    const index = fuses.FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`package:fuses: this @electron/fuses has no fuse ${name}: update it (npm install -D @electron/fuses@latest)`);
    config[index] = on;
  }
  return config;
}

/**
 * The app.asar a packaged Electron binary loads: Contents/Resources in a macOS bundle (given as
 * the .app or as its Contents/MacOS binary), resources/ beside the binary elsewhere.
 */
export function packagedAsarOf(electronPath: string): string {
  const full = resolve(electronPath);
  if (full.endsWith('.app')) return join(full, 'Contents', 'Resources', 'app.asar');
  if (basename(dirname(full)) === 'MacOS' && basename(dirname(dirname(full))) === 'Contents') return join(dirname(dirname(full)), 'Resources', 'app.asar');
  return join(dirname(full), 'resources', 'app.asar');
}

/**
 * Flips the fuses on a packaged app's Electron binary. Refuses a binary with no app.asar beside
 * it — the development Electron in node_modules, say — which OnlyLoadAppFromAsar would leave
 * unable to start. Returns the configuration it applied.
 */
export async function flipPackagedFuses(
  electronPath: string,
  fuses: FusesModule,
  options: { readonly adHocSign?: boolean; readonly exists?: (path: string) => boolean } = {},
): Promise<FuseConfig> {
  const asar = packagedAsarOf(electronPath);
  if (!(options.exists ?? existsSync)(asar)) {
    throw new Error(`package:fuses: ${electronPath}: no ${asar} beside it: give the Electron binary of the packaged app (its .app on macOS), not the development one`);
  }
  const config = fuseConfig(fuses);
  // An arm64 macOS binary must carry a valid signature to start: re-sign ad hoc unless it is signed next.
  if (options.adHocSign) config.resetAdHocDarwinSignature = true;
  await fuses.flipFuses(electronPath, config);
  return config;
}

/** Loads @electron/fuses (CommonJS or ES module), or says how to install it. */
export async function loadFusesModule(specifier = '@electron/fuses'): Promise<FusesModule> {
  let loaded: Partial<FusesModule> & { default?: Partial<FusesModule> };
  try {
    loaded = (await import(/* @vite-ignore */ specifier)) as typeof loaded;
  } catch {
    throw new Error(`package:fuses: ${specifier} is not installed: npm install -D @electron/fuses@1.8.0`);
  }
  const module = loaded.flipFuses ? loaded : loaded.default;
  if (!module?.flipFuses || !module.FuseV1Options || !module.FuseVersion) throw new Error(`package:fuses: ${specifier} has no flipFuses, FuseV1Options and FuseVersion`);
  return module as FusesModule;
}
