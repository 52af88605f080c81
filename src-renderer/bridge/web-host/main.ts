/**
 * The static web build's entry (web.vite.config.ts puts it in index.html in place of main.tsx):
 * installs the in-page host, then starts the same app as every other host.
 */
import { installHost } from '..';
import { createWebHost } from '.';

const host = createWebHost(String(import.meta.env.VITE_CONVOLAB_VERSION ?? ''));
installHost(host.api, host.pickers);
void import('../../main');
