/**
 * The pipeline view in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * against a whole stack: nginx, the agent, the endpoint. Writes a screenshot in each colour scheme to
 * test-results/; HOSEPIPE_UPDATE_SCREENSHOTS=1 also copies them to docs/images/ for the README.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { chromium, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { startStack } from '../../stack/stack.js';
import { loadPipelineConfig } from '../../provision/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const RESULTS = join(PACKAGE_ROOT, 'test-results');
const WAIT_MS = 60_000;

/** The text of a stage's figure, by its label. */
async function figure(page: Page, stage: string, label: string): Promise<string> {
  return page.locator(`#stage-${stage} .figure-row`).filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').innerText();
}

/** Waits until `read` gives a number that `accept` takes (figures are printed like 1,204). */
async function until(page: Page, what: string, read: () => Promise<string>, accept: (value: number) => boolean): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  for (;;) {
    last = await read();
    const value = Number(last.replace(/,/g, ''));
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS} ms for ${what}; the page shows ${JSON.stringify(last)}`);
    await page.waitForTimeout(200);
  }
}

const available = existsSync(CHROMIUM);
// On CI a missing browser is a failure of the set-up step, not a reason to skip.
const browserTest = available || process.env.CI ? test.serial : test.serial.skip;
if (!available) console.warn(`test/web: ${CHROMIUM} is missing (apt-get install chromium); the browser tests are ${process.env.CI ? 'run and fail' : 'skipped'}`);

browserTest('the page shows every stage; requests to nginx, a flush from its button and a fault rule added on it all show up', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-web-'));
  const configFile = join(stateDir, 'hosepipe.yaml');
  writeFileSync(configFile, `name: web-${Math.random().toString(36).slice(2, 8)}\nagent: { maxBufferAgeMs: 200 }\n`);
  const stack = await startStack({ config: loadPipelineConfig(configFile), root: PACKAGE_ROOT, stateDir, endpointPort: 0, nginxPort: 0, artifactDir: join(stateDir, 'artifact') });
  const profile = mkdtempSync(join(tmpdir(), 'hosepipe-chromium-'));
  // Chromium's start and every wait on the page get WAIT_MS, not playwright's 30 s, which a loaded machine can use up.
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1400, height: 1000 }, timeout: WAIT_MS });
  browser.setDefaultTimeout(WAIT_MS);
  t.teardown(async () => {
    await browser.close();
    await stack.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('request', (request) => { if (!request.url().startsWith(stack.endpoint.url)) problems.push(`fetched ${request.url()}`); });

  await page.goto(`${stack.endpoint.url}/_hosepipe/`);
  await page.waitForSelector('body[data-ready="true"]');
  for (const [stage, title, name] of [
    ['nginx', 'nginx', stack.nginx.url], ['agent', 'agent', 'shipping'], ['stream', 'Kinesis stream', stack.names.stream],
    ['firehose', 'Firehose', stack.names.deliveryStream], ['function', 'function', stack.names.functionName], ['bucket', 'S3 bucket', stack.names.bucket],
  ] as const) {
    await page.locator(`#stage-${stage} .stage-title`, { hasText: title }).waitFor();
    await page.locator(`#stage-${stage} .stage-name`, { hasText: name }).waitFor();
  }
  // Where each stage sits on the page (not in the viewport, which scrolls when the keyboard moves the focus).
  const boxes = async () => page.locator('.stage').evaluateAll((stages) => stages.map((stage) => {
    const box = (stage as unknown as { getBoundingClientRect(): { left: number; top: number; width: number; height: number } }).getBoundingClientRect();
    const scrollY = (globalThis as unknown as { scrollY: number }).scrollY;
    return [box.left, box.top + scrollY, box.width, box.height].map((value) => Math.round(value)).join(',');
  }));
  const before = await boxes();

  for (let index = 0; index < 20; index++) t.is((await fetch(`${stack.nginx.url}/web-view-${index}?n=${index}`)).status, 200);
  await until(page, 'the agent to have sent 20 records', () => figure(page, 'agent', 'sent'), (value) => value >= 20);
  await until(page, 'nginx to show 20 lines', () => figure(page, 'nginx', 'lines'), (value) => value >= 20);

  // The flush button, reached and pressed with the keyboard.
  for (let presses = 0; presses < 20 && (await page.evaluate('document.activeElement?.id')) !== 'flush'; presses++) await page.keyboard.press('Tab');
  t.is(await page.evaluate('document.activeElement?.id'), 'flush', 'Tab reaches the flush button');
  await page.keyboard.press('Enter');
  await page.locator('.status', { hasText: /^Flushed / }).waitFor({ timeout: WAIT_MS });
  t.is(await until(page, 'Firehose to have delivered 20 records', () => figure(page, 'firehose', 'delivered'), (value) => value >= 20), 20);
  await until(page, 'a success object', () => figure(page, 'bucket', 'success'), (value) => value >= 1);
  const newest = page.locator('.prefix[data-kind="success"] details.object').first();
  t.true(await newest.evaluate((details) => (details as unknown as { open: boolean }).open), 'the newest object is open without a click');
  const record = await newest.locator('pre.json').first().innerText();
  t.regex(record, /^\{\n {2}"remote_addr": "127\.0\.0\.1",\n/, 'pretty-printed JSON');
  t.regex(record, /\n {2}"uri": "\/web-view-\d+\?n=\d+",\n/);
  t.regex(await newest.locator('.object-facts').innerText(), /partition year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d/);
  t.deepEqual(await boxes(), before, 'no stage moved or changed size as its numbers changed');
  await page.locator('.log-lines li', { hasText: /^\S+ START RequestId:/ }).first().waitFor();

  // A fault rule from the page: the next PutRecords calls are throttled and the page says so.
  await page.selectOption('#fault-preset', { label: 'Kinesis PutRecords throttled' });
  await page.fill('#fault-count', '3');
  await page.focus('#fault-error');
  await page.keyboard.press('Enter');
  await page.locator('.status', { hasText: /^Added fault rule fault-1/ }).waitFor();
  await page.locator('.rules li[data-rule="fault-1"]', { hasText: 'kinesis PutRecords → ProvisionedThroughputExceededException for the next 3' }).waitFor();
  for (let index = 0; index < 5; index++) await fetch(`${stack.nginx.url}/after-fault-${index}`);
  t.is(await until(page, 'three throttles at the stream', () => figure(page, 'stream', 'throttles'), (value) => value >= 3), 3);
  t.true(await page.locator('#stage-stream .figure-row.alert').filter({ hasText: 'throttles' }).isVisible(), 'throttles are shown as an alert');
  await page.locator('.rules li[data-rule="fault-1"]', { hasText: '3 hits' }).waitFor();
  await until(page, 'the agent to have sent the 5 lines after its retries', () => figure(page, 'agent', 'sent'), (value) => value >= 25);
  t.true(Number((await figure(page, 'agent', 'throttled')).replace(/,/g, '')) >= 3, 'the agent counted them too');

  mkdirSync(RESULTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(1200);
    const file = join(RESULTS, `pipeline-view-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.HOSEPIPE_UPDATE_SCREENSHOTS) copyFileSync(file, join(PACKAGE_ROOT, 'docs', 'images', `pipeline-view-${scheme}.png`));
  }
  const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
  t.is(background, 'rgb(21, 23, 27)', 'dark mode follows prefers-color-scheme');
  t.deepEqual(problems, []);
});
