// The listening room in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser)
// against `./beatgen serve` on a home of seeded beats plus one beat made by the real pipeline (stub providers), whose
// two takes are real MP3 files in the local S3.
//
//   BEATGEN_BROWSER_HOME   a prepared home to use as it is (else target/browser-home is made afresh: seed + run)
//   CHROMIUM               the browser (default /usr/bin/chromium)
//   UPDATE_SCREENSHOT=1    also writes docs/listening-room.png (the README's picture)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const target = join(root, 'target');
const token = 'browser-test-admin-token';
let server;
let browser;
let base;
let newest;

function beatgen(home, args) {
  const run = () => execFileSync(join(root, 'beatgen'), args, {
    cwd: root, env: { ...process.env, BEATGEN_HOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return run();
  } catch (error) {
    // the embedded MariaDB gives up when it is not ready within 30 s, which a loaded machine can exceed
    console.log(`./beatgen ${args.join(' ')} failed (${error.message.split('\n')[0]}); trying once more`);
    return run();
  }
}

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    }).on('error', fail);
  });
}

async function api(path, init) {
  const response = await fetch(`${base}${path}`, init);
  return response.json();
}

before(async () => {
  mkdirSync(target, { recursive: true });
  let home = process.env.BEATGEN_BROWSER_HOME;
  if (!home) {
    // not under the temp directory: the embedded MariaDB wipes data directories there
    home = join(target, 'browser-home');
    rmSync(home, { recursive: true, force: true });
    beatgen(home, ['seed', '--beats', '150']);
    beatgen(home, ['run', '--json']); // the newest beat: both takes stored by the real pipeline
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(join(root, 'beatgen'), ['serve', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, BEATGEN_HOME: home, API_ADMIN_TOKEN: token, RATE_LIMIT_MAX_REQUESTS: '100000' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  server.stdout.resume();
  let last = 'no answer';
  for (let i = 0; ; i++) {
    try {
      const health = await fetch(`${base}/api/health`);
      if (health.ok) break;
      last = `${health.status} ${await health.text()}`; // e.g. a setting the API refuses (503 problem)
    } catch { /* not yet listening */ }
    if (i > 240 || server.exitCode !== null) throw new Error(`./beatgen serve did not start (health: ${last})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  newest = (await api('/api/beats?pageSize=1')).items[0];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu',
      '--no-first-run', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    // launch() gives the browser a fresh, temporary --user-data-dir of its own (removed on close)
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
});

/** A fresh page that records every API request it sends. */
async function open(path = '/', viewport = { width: 1100, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) requests.push(new URL(request.url()));
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${base}${path}`);
  await page.locator('#beats > li').first().waitFor();
  return { page, requests, errors, context };
}

const beatsRequests = (requests) => requests.filter((u) => u.pathname === '/api/beats');

/** Milliseconds from navigation to the first page of beats in the DOM (the page marks it), in a fresh context. */
async function firstRender(path = '/') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  const ms = await page.waitForFunction(() => performance.getEntriesByName('first-list')[0]?.startTime)
    .then((handle) => handle.jsonValue());
  await context.close();
  return Math.round(ms);
}

test('the list renders newest first, with the factory strip and every control labelled', async () => {
  const { page, requests, errors, context } = await open();
  assert.equal(await page.locator('#beats > li').count(), 20);
  assert.equal(await page.locator('#beats > li h2').first().textContent(), newest.name);
  await page.locator('[data-stat="beatsToday"]').filter({ hasNotText: '–' }).waitFor();
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
    .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || c.textContent.trim())).map((c) => c.outerHTML));
  assert.deepEqual(unlabelled, []);
  assert.equal(beatsRequests(requests).length, 1);
  assert.deepEqual(errors, []);
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await firstRender());
  // reported, not asserted (a loaded machine is not a benchmark): docs/benchmarks.md has the measured numbers
  console.log(`first render of the list (navigation → 20 beats in the DOM, fresh context, warm server): ${times.join(', ')} ms`);
  await context.close();
});

test('scrolling loads one page per step, following nextCursor, never a storm', async () => {
  const { page, requests, context } = await open();
  for (let i = 0; i < 4; i++) {
    // several scroll events at once: still one request for the next page
    for (let j = 0; j < 5; j++) await page.mouse.wheel(0, 20_000);
    await page.waitForFunction((n) => document.querySelectorAll('#beats > li').length >= n, 20 * (i + 2));
  }
  // the list may go on filling the window (one page after the other) until the sentinel is out of view: wait until it rests
  let shown = -1;
  for (let now = await page.locator('#beats > li').count(); now !== shown; now = await page.locator('#beats > li').count()) {
    shown = now;
    await page.waitForTimeout(500);
  }
  const pages = beatsRequests(requests);
  // the last page may be short (151 beats: 8 pages), and after it nothing more is asked for
  assert.equal(pages.length, Math.ceil(shown / 20), `one request per page (${pages.length} requests, ${shown} beats)`);
  assert.equal(pages[0].searchParams.get('cursor'), null);
  for (const later of pages.slice(1)) assert.match(later.searchParams.get('cursor'), /^[0-9]+~/);
  const ids = await page.locator('#beats > li').evaluateAll((items) => items.map((li) => li.dataset.id));
  assert.equal(new Set(ids).size, ids.length, 'no beat twice');
  await context.close();
});

test('a filter narrows the list and is kept in the URL', async () => {
  const { page, context } = await open();
  const all = (await api('/api/beats?pageSize=1')).total;
  await page.locator('select[name="genre"] option', { hasText: newest.genre }).first().waitFor({ state: 'attached' });
  await page.getByLabel('Genre').selectOption(newest.genre);
  await page.waitForURL((url) => url.searchParams.get('genre') === newest.genre);
  const expected = (await api(`/api/beats?pageSize=1&genre=${encodeURIComponent(newest.genre)}`)).total;
  assert.ok(expected < all);
  await page.locator('#status', { hasText: `${expected} beat` }).waitFor();
  const genres = await page.locator('#beats .facets').allTextContents();
  assert.ok(genres.length > 0 && genres.every((g) => g.startsWith(`${newest.genre} ·`)), genres.join('\n'));
  await page.reload();
  await page.locator('#status', { hasText: `${expected} beat` }).waitFor();
  assert.equal(await page.getByLabel('Genre').inputValue(), newest.genre);
  await context.close();
});

async function playing(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const audio = document.getElementById('player');
    const timer = setTimeout(() => fail(new Error(`not playing: ${audio.error?.message ?? 'no error'}, src ${audio.src}`)), 15_000);
    const check = () => {
      if (!audio.paused && audio.currentTime > 0.3) {
        clearTimeout(timer);
        ok({ src: audio.src, time: audio.currentTime });
      } else setTimeout(check, 50);
    };
    check();
  }));
}

test('both takes of the newest beat play in place, one at a time; an expired link is refreshed', async () => {
  const { page, requests, context } = await open();
  const first = page.locator('#beats > li').first();
  await first.getByRole('button', { name: 'Play take A' }).click();
  const a = await playing(page);
  assert.match(a.src, /-1\.mp3\?/);
  const t0 = await page.evaluate(() => document.getElementById('player').currentTime);
  await page.waitForTimeout(400);
  assert.ok(await page.evaluate(() => document.getElementById('player').currentTime) > t0, 'currentTime advances');
  assert.equal(await first.getByRole('button', { name: 'Pause take A' }).getAttribute('aria-pressed'), 'true');

  // the alternate take: take A stops, take B plays
  await first.getByRole('button', { name: 'Play take B' }).click();
  const b = await playing(page);
  assert.match(b.src, /-2\.mp3\?/);
  assert.equal(await first.getByRole('button', { name: 'Play take A' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('audio').count(), 1, 'one audio element: one take at a time');
  const details = () => requests.filter((u) => u.pathname === `/api/beats/${newest.id}`).length;
  assert.equal(details(), 1, 'the detail (presigned links) is fetched once while its links are valid');

  // S3 refusing a link, as it does once the presigned URL expired: the page fetches fresh links and plays on
  let refused = 0;
  await page.route(/-1\.mp3\?/, (route) => (refused++ === 0 ? route.fulfill({ status: 403, body: 'Request has expired' })
    : route.continue()));
  await page.evaluate(() => document.getElementById('player').pause());
  await first.getByRole('button', { name: 'Play take A' }).click();
  await playing(page);
  assert.ok(refused >= 1, 'the stale link was tried');
  assert.equal(details(), 2, 'fresh links were fetched once');
  await context.close();
});

test('keyboard: → plays the next beat, ← the previous, space pauses', async () => {
  const { page, context } = await open();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight'); // nothing current yet: the first beat
  await playing(page);
  const current = () => page.locator('#beats > li.current').getAttribute('data-id');
  assert.equal(await current(), newest.id);
  await page.locator('h1').click();
  await page.keyboard.press('ArrowRight');
  const second = await page.locator('#beats > li').nth(1).getAttribute('data-id');
  await page.waitForFunction((id) => document.querySelector('#beats > li.current')?.dataset.id === id, second);
  await page.locator('h1').click();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((id) => document.querySelector('#beats > li.current')?.dataset.id === id, newest.id);
  await playing(page);
  await page.locator('h1').click();
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.getElementById('player').paused);
  await context.close();
});

test('a rating is stored, survives a reload and filters the list', async () => {
  for (const take of ['primary', 'alternate']) { // a home used before may hold ratings
    await api(`/api/beats/${newest.id}/ratings/${take}`, { method: 'PUT', body: '{"rating":"unrated"}',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  }
  const { page, context } = await open();
  await page.getByText('Judge settings').click();
  await page.getByLabel('Admin token').fill(token);
  await page.getByLabel('Admin token').press('Tab');
  const first = page.locator('#beats > li').first();
  await first.getByRole('button', { name: 'Keep take A' }).click();
  await page.locator('#status', { hasText: 'Take A' }).waitFor();
  assert.equal(await page.locator('#status').textContent(), 'Take A: keep.');
  await first.getByRole('button', { name: 'Skip take B' }).click();
  await page.locator('#status', { hasText: 'Take B: skip' }).waitFor();
  await page.reload();
  const again = page.locator(`#beats > li[data-id="${newest.id}"]`);
  assert.equal(await again.getByRole('button', { name: 'Keep take A' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await again.getByRole('button', { name: 'Skip take B' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await again.getByRole('button', { name: 'Skip take A' }).getAttribute('aria-pressed'), 'false');
  const stored = await api(`/api/beats/${newest.id}`);
  assert.deepEqual(stored.ratings, { primary: 'keep', alternate: 'skip' });

  await page.getByLabel('Rating').selectOption('keep');
  await page.waitForURL((url) => url.searchParams.get('rating') === 'keep');
  const kept = (await api('/api/beats?rating=keep&pageSize=100')).items.map((b) => b.id);
  assert.ok(kept.includes(newest.id));
  await page.locator('#status', { hasText: `${kept.length} beat` }).waitFor();
  assert.deepEqual(await page.locator('#beats > li').evaluateAll((items) => items.map((li) => li.dataset.id)), kept);
  await context.close();
});

test('a beat\'s detail shows how it was made', async () => {
  const { page, context } = await open();
  const first = page.locator('#beats > li').first();
  await first.getByText('How it was made').click();
  await first.locator('.prompts figure').nth(1).waitFor();
  const detail = await api(`/api/beats/${newest.id}`);
  assert.equal(await first.locator('.prompts blockquote').first().textContent(), detail.basePrompt);
  assert.equal(await first.locator('.prompts blockquote').nth(1).textContent(), detail.normalizedPrompt);
  assert.match(await first.locator('.timings').textContent(), /finished after [0-9.]+ s/);
  assert.match(await first.locator('.fallbacks').textContent(), /provider|Fell back/);
  await context.close();
});

test('usable at 360 px; screenshots', async () => {
  const { page, context } = await open('/', { width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (${overflow} px too wide)`);
  await page.screenshot({ path: join(target, 'listening-room-360.png') });
  await context.close();

  const wide = await open('/', { width: 1100, height: 900 });
  await wide.page.locator('#beats > li').first().getByText('How it was made').click();
  await wide.page.locator('#beats > li .prompts').first().waitFor();
  await wide.page.locator('[data-stat="beatsToday"]').filter({ hasNotText: '–' }).waitFor();
  await wide.page.screenshot({ path: join(target, 'listening-room.png') });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    copyFileSync(join(target, 'listening-room.png'), join(root, 'docs', 'listening-room.png'));
  }
  assert.ok(existsSync(join(target, 'listening-room.png')));
  await wide.context.close();
});
