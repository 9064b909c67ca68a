// Real-browser smoke test of the Carewell staff UI, driving Debian's chromium through
// playwright-core. Run through ./run.sh (which starts `carewell demo`), or against any running
// server:  CAREWELL_URL=http://127.0.0.1:8080 node smoke.mjs
//
// Flow: sign in → create a customer through the form (first with an invalid e-mail, to see the
// field error) → find it with the search box → open it → record an interaction → see it on the
// timeline → switch the UI to Eesti → see Estonian text. Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

const base = (process.env.CAREWELL_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const email = process.env.CAREWELL_EMAIL || 'admin@carewell.test';
const password = process.env.CAREWELL_PASSWORD || 'carewell-demo';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const stamp = Date.now().toString(36);
const name = `Smoke Test ${stamp} <b>OÜ</b>`;
const summary = `Called about the renewal (${stamp}); customer is happy with the service.`;

function step(msg) {
  console.log(`• ${msg}`);
}

const browser = await chromium.launch({
  executablePath,
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

let failed = false;
const problems = [];
try {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1320, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are judged by status below (a 422 form answer is expected).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 500 || r.status() === 404) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });

  step(`sign in at ${base}/login as ${email}`);
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(/\/customers/), page.click('form[action="/login"] button[type=submit]')]);
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await page.screenshot({ path: join(out, 'list.png'), fullPage: false });

  step('create a customer; an invalid e-mail is refused next to its field');
  await page.click('a[href="/customers/new"]');
  await page.fill('#f-name', name);
  await page.fill('#f-email', 'not-an-email');
  await page.fill('#f-tags', 'smoke, e2e');
  await page.fill('#f-country', 'ee');
  await page.check('input[name=consent_email]');
  await page.click('form.customer-form button[type=submit]');
  const emailError = page.locator('#e-email');
  await emailError.waitFor();
  assert.ok((await emailError.textContent()).length > 0, 'e-mail error shown');
  assert.equal(await page.inputValue('#f-name'), name, 'entered name kept after the error');
  await page.screenshot({ path: join(out, 'form-errors.png'), fullPage: true });
  await page.fill('#f-email', `smoke.${stamp}@example.com`);
  await Promise.all([
    page.waitForURL(/\/customers\/[0-9a-f-]{36}$/),
    page.click('form.customer-form button[type=submit]'),
  ]);
  await page.getByRole('heading', { level: 1, name }).waitFor();

  step('find it with the search box and open it');
  await page.goto(`${base}/customers`);
  await page.fill('input[name=q]', `Smoke Test ${stamp}`);
  await Promise.all([page.waitForURL(/[?&]q=/), page.click('form.filters button[type=submit]')]);
  const link = page.getByRole('link', { name });
  assert.equal(await link.count(), 1, 'exactly one search hit');
  await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), link.click()]);
  await page.getByRole('heading', { level: 1, name }).waitFor();

  step('record an interaction and see it on the timeline');
  await page.selectOption('#i-kind', 'call');
  await page.selectOption('#i-sentiment', 'positive');
  await page.fill('#i-summary', summary);
  await Promise.all([page.waitForURL(/#timeline$/), page.click('#record button[type=submit]')]);
  const entry = page.locator('ol.timeline li', { hasText: summary });
  await entry.waitFor();
  assert.match(await entry.textContent(), /Call/);
  assert.match(await entry.textContent(), /Positive/);
  await page.screenshot({ path: join(out, 'customer.png'), fullPage: true });

  step('switch the language to Eesti');
  await Promise.all([page.waitForLoadState('load'), page.selectOption('form.lang select', 'et')]);
  await page.getByRole('heading', { level: 2, name: 'Ajajoon' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'et');
  await page.getByRole('link', { name: 'Kliendid' }).first().waitFor();
  await page.locator('ol.timeline li', { hasText: summary }).waitFor();
  await page.screenshot({ path: join(out, 'smoke-et.png'), fullPage: true });

  step('audit log lists the changes and verifies the chain');
  await page.goto(`${base}/audit`);
  await page.locator('.verdict.ok').waitFor();
  await page.screenshot({ path: join(out, 'audit.png'), fullPage: false });

  assert.deepEqual(problems, [], 'no page or console errors');
  console.log(`ok: smoke test passed; screenshots in ${out}`);
} catch (e) {
  failed = true;
  console.error('FAILED:', e?.message ?? e);
  if (problems.length) console.error(problems.join('\n'));
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await pages[0].screenshot({ path: join(out, 'failure.png'), fullPage: true });
  } catch {
    // best effort
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
