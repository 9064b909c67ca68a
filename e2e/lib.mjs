// Shared plumbing of the e2e scripts: where the server is and who signs in, launching Debian's
// chromium, watching pages for errors, signing in, switching language, submitting forms,
// screenshots, and the run/report/exit wrapper every script ends with.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const out = join(here, 'out');
mkdirSync(out, { recursive: true });

export const base = (process.env.CAREWELL_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const admin = {
  email: process.env.CAREWELL_EMAIL || 'admin@carewell.test',
  password: process.env.CAREWELL_PASSWORD || 'carewell-demo',
};
export const manager = {
  email: process.env.CAREWELL_MANAGER_EMAIL || 'manager@carewell.test',
  password: process.env.CAREWELL_MANAGER_PASSWORD || 'carewell-demo',
};
export const stamp = Date.now().toString(36);

export const step = (msg) => console.log(`• ${msg}`);

/** A link built on the configured base_url, pointed at the server under test. */
export const local = (url) => base + new URL(url).pathname + new URL(url).search;

/** Everything the watched pages reported; a script fails when it is not empty. */
export const problems = [];
let where = '';
/** Labels what the watched pages report from now on (e.g. "et /customers"). */
export const at = (label) => {
  where = label;
};
/** Records a problem, labelled with what `at` last named. */
export const report = (msg) => problems.push(where ? `[${where}] ${msg}` : msg);

/** Console errors other than failed loads (those are judged by their HTTP status). */
export const exceptFailedLoads = (text) => !text.startsWith('Failed to load resource');

/**
 * Records page errors, unexpected dialogs, 404s and 5xx (any status >= 400 with `anyError`) and,
 * with `consoleErrors` (a filter on the text), console errors. Responses whose URL contains one
 * of `allowed` are not reported.
 */
export function watch(page, { allowed = [], anyError = false, consoleErrors = null } = {}) {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => report(`page error: ${e.message}`));
  page.on('response', (r) => {
    const bad = anyError ? r.status() >= 400 : r.status() >= 500 || r.status() === 404;
    if (bad && !allowed.some((a) => r.url().includes(a))) report(`HTTP ${r.status()} for ${r.url()}`);
  });
  if (consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleErrors(m.text())) report(`console error: ${m.text()}`);
    });
  }
  page.on('dialog', (d) => {
    report(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });
  return page;
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A watched page in a new browser context (English, 1320×1000 unless `context` says otherwise). */
export async function newPage(browser, context = {}, watching = {}) {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1320, height: 1000 }, ...context });
  return watch(await ctx.newPage(), watching);
}

export async function signIn(page, who = admin) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
}

/** Switches the UI language of the page's session (en, zh-CN, et). */
export async function setLanguage(page, lang) {
  await page.goto(`${base}/lang?l=${encodeURIComponent(lang)}`);
}

/** Clicks `selector` and waits for the page it leads to: `url` when given, else the next load. */
export async function submit(page, selector, url) {
  await Promise.all([url ? page.waitForURL(url) : page.waitForLoadState('load'), page.click(selector)]);
}

/** Submits the form matched by `form` through its submit button. */
export async function submitForm(page, form, url) {
  await submit(page, `${form} button[type=submit]`, url);
}

/** Creates a customer through the form (`fields`: input id → value); returns its page's URL. */
export async function createCustomer(page, fields) {
  await page.goto(`${base}/customers/new`);
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
  await submit(page, 'form.customer-form button[type=submit]', /\/customers\/[0-9a-f-]{36}$/);
  return page.url();
}

/** The workflow status shown on complaint and offboarding pages. */
export function status(page) {
  return page.getAttribute('#status', 'data-status');
}

export async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
}

/**
 * Launches chromium, runs `flow(browser)`, fails when it throws or any watched page reported a
 * problem (a screenshot of the first page goes to out/<failureShot>.png), closes the browser and
 * exits 0/1.
 */
export async function run(what, failureShot, flow) {
  const browser = await launch();
  let failed = false;
  try {
    await flow(browser);
    assert.deepEqual(problems, [], 'no page errors, console errors, 404s or 5xx');
    console.log(`ok: ${what} passed; screenshots in ${out}`);
  } catch (e) {
    failed = true;
    console.error('FAILED:', e?.message ?? e);
    if (problems.length) console.error(problems.join('\n'));
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await shot(pages[0], failureShot);
    } catch {
      // best effort
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
