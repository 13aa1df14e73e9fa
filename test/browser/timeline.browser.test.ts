import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, scratch } from '../cli/cli-helpers.js';

/**
 * The demo's timeline page in a real browser: Debian's `chromium` (installed by .ci/run), driven by
 * playwright-core through executablePath (nothing downloaded). One screenshot is kept in test-results/.
 */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => p !== undefined && existsSync(p),
);
const RESULTS = join(import.meta.dirname, '../../test-results');

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM) throw new Error('no chromium: apt-get install -y chromium, or set CHROMIUM_PATH');
  const file = join(scratch(), 'savepoint.html');
  const run = cli(['demo', 'run', 'savepoint', '--html', file]);
  expect(run.code, run.err.join('\n')).toBe(0);
  expect(run.out.at(-1)).toContain(file);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
});

afterAll(async () => {
  await browser?.close();
});

describe('timeline page in Chromium', () => {
  it('loads without console errors and without any request but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
  });

  it('has a section per demo run, each with the lanes of a restore', async () => {
    const sections = page.locator('section.run');
    expect(await sections.count()).toBe(4);
    for (const i of [0, 1]) {
      const lanes = await sections
        .nth(i)
        .locator('g.lane')
        .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-lane')));
      expect(lanes[0]).toBe('steps');
      expect(lanes[1]).toBe('source');
      expect(lanes.filter((l) => l?.startsWith('job:'))).toHaveLength(2);
      expect(lanes.slice(-2)).toEqual(['snapshots', 'tags']);
      expect(await sections.nth(i).locator('.span.savepoint').count()).toBe(1);
      expect(await sections.nth(i).locator('.rule.restore').count()).toBe(1);
    }
  });

  it('marks the conflict of the restore as is: identifier going back, duplicated events, no rollback', async () => {
    const asIs = page.locator('section.run').nth(0);
    expect(await asIs.locator('.mark.snapshot-backwards').count()).toBe(1);
    expect(await asIs.locator('tr.backwards').count()).toBe(1);
    expect(await asIs.locator('.event.dup').count()).toBe(10);
    expect(await asIs.locator('.rule.rollback').count()).toBe(0);
    await expect(asIs.locator('.alerts.bad').textContent()).resolves.toContain(
      'commit identifiers went back',
    );
  });

  it('marks the rollback of the fixed run, and nothing going back', async () => {
    const fixed = page.locator('section.run').nth(1);
    expect(await fixed.locator('.rule.rollback').count()).toBe(1);
    expect(await fixed.locator('.mark.snapshot.gone').count()).toBe(1);
    expect(await fixed.locator('.mark.snapshot-backwards').count()).toBe(0);
    expect(await fixed.locator('.event.dup').count()).toBe(0);
    expect(await fixed.locator('.event.once').count()).toBe(20);
    expect(await fixed.locator('.alerts.ok').count()).toBe(1);
  });

  it('shows the details of a mark on hover', async () => {
    const asIs = page.locator('section.run').nth(0);
    await asIs.locator('.mark.snapshot-backwards').hover();
    const detail = await asIs.locator('.detail').textContent();
    expect(detail).toContain('storage.commit');
    expect(detail).toContain('identifier: 3');
    expect(detail).toContain('went back');
  });

  it('keeps a screenshot of the first run as a test artifact', async () => {
    mkdirSync(RESULTS, { recursive: true });
    const png = join(RESULTS, 'timeline.png');
    await page.locator('section.run').nth(0).screenshot({ path: png });
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
