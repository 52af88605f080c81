/**
 * `npm run package:fuses -- PATH`: flips Electron's fuses (src-main/electron/fuses.ts) on the
 * packaged app's Electron binary — PATH is that binary, or the .app on macOS. Run it after the
 * app is packaged with its app.asar and before it is signed.
 */
import { flipPackagedFuses, loadFusesModule } from '../src-main/electron/fuses';

const [electronPath, ...rest] = process.argv.slice(2);
if (!electronPath || rest.length > 0) {
  console.error('usage: npm run package:fuses -- PATH   (the packaged app\'s Electron binary, or its .app on macOS)');
  process.exit(2);
}
try {
  // On Apple silicon a binary must stay validly signed to start; a real signature made later replaces the ad hoc one.
  const adHocSign = process.platform === 'darwin' && process.arch === 'arm64';
  const config = await flipPackagedFuses(electronPath, await loadFusesModule(), { adHocSign });
  console.log(`package:fuses: ${electronPath}: fuses set ${JSON.stringify(config)}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
