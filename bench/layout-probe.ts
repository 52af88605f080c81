/**
 * What changes size when a param changes (docs/transport-latency.md, "The edit's frame"): builds
 * preview-latency.ts's 1-D graph, selects the source (the large preview open), then changes σ in the
 * inspector a few times with a ResizeObserver on every element of the page (SVG roots, not their
 * shapes), and prints which elements changed size, when (ms after Enter) and from what to what.
 *
 *   npx tsx bench/layout-probe.ts          (after npx electron-vite build) σ in the inspector
 *   npx tsx bench/layout-probe.ts node     σ of the kernel on the node, nothing selected
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineHost } from '../src-main/host/host';
import { startWebServer } from '../src-main/web/server';
import { buildOneDimensional } from './page-actions';

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-run-status]')?.getAttribute('data-run-status') !== 'running');
  await page.waitForTimeout(300);
}

const folder = mkdtempSync(join(tmpdir(), 'convolab-probe-'));
const host = new EngineHost({ baseDir: folder, mode: 'browser', version: 'bench' });
const server = await startWebServer({ rendererDir: fileURLToPath(new URL('../out/renderer', import.meta.url)), host, port: 0, token: 'bench' });
const browser = await chromium.launch({ executablePath: process.env.CONVOLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await page.goto(`http://127.0.0.1:${server.port}/?token=bench`);
  await page.locator('.react-flow').waitFor();
  await buildOneDimensional(page);
  await settle(page);
  // How deep the sliders sit: a box marked for layout marks every ancestor up to the root.
  const depths = await page.evaluate(() =>
    ['.inspector input[aria-label="σ (s) slider"]', '.cl-node[data-node-id="gaussian1"] input[type="range"]'].map((selector) => {
      let depth = 0;
      for (let el = document.querySelector(selector); el; el = el.parentElement) depth++;
      return `${selector}: ${depth} elements from it to <html>`;
    }),
  );
  for (const line of depths) console.log(line);
  const mode = process.argv[2] ?? 'inspector';
  const field = mode === 'node' ? '.cl-node[data-node-id="gaussian1"] input.param-number-text' : '.inspector input[aria-label="σ (s)"]';
  if (mode === 'node') await page.keyboard.press('Escape');
  await settle(page);
  for (const value of mode === 'node' ? ['5', '9', '6', '10'] : ['0.3', '0.6', '0.4', '0.8']) {
    const log = await page.evaluate(
      ({ field, value }) =>
        new Promise<string[]>((resolve) => {
          const out: string[] = [];
          const name = (el: Element): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : ''}`;
          const sizes = new Map<Element, string>();
          let start = 0;
          const observer = new ResizeObserver((entries) => {
            for (const entry of entries) {
              const box = entry.borderBoxSize[0]!;
              const size = `${box.inlineSize.toFixed(1)}×${box.blockSize.toFixed(1)}`;
              const before = sizes.get(entry.target);
              sizes.set(entry.target, size);
              if (before !== undefined && before !== size) out.push(`${(performance.now() - start).toFixed(1)} ms ${name(entry.target)} ${before} → ${size} «${(entry.target.textContent ?? '').slice(0, 40)}»`);
            }
          });
          for (const el of document.querySelectorAll('body *')) if (!(el instanceof SVGElement) || el instanceof SVGSVGElement) observer.observe(el, { box: 'border-box' });
          const input = document.querySelector<HTMLInputElement>(field)!;
          setTimeout(() => {
            const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
            setValue.call(input, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            setTimeout(() => {
              start = performance.now();
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
              setTimeout(() => {
                observer.disconnect();
                resolve(out);
              }, 400);
            }, 50);
          }, 50);
        }),
      { field, value },
    );
    console.log(`σ = ${value}:`);
    for (const line of log) console.log(`  ${line}`);
    await settle(page);
  }
} finally {
  await browser.close();
  await server.close();
  await host.dispose();
}
