// Real-browser smoke test of the Carewell staff UI, driving Debian's chromium through
// playwright-core. Run through ./run.sh (which starts `carewell demo`), or against any running
// server:  CAREWELL_URL=http://127.0.0.1:8080 node smoke.mjs
//
// Flow: sign in → create a customer through the form (first with an invalid e-mail, to see the
// field error) → find it with the search box → open it → record an interaction → see it on the
// timeline → switch the UI to Eesti → see Estonian text. Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { admin, base, exceptFailedLoads, newPage, run, shot, signIn, stamp, step, submit } from './lib.mjs';

const name = `Smoke Test ${stamp} <b>OÜ</b>`;
const summary = `Called about the renewal (${stamp}); customer is happy with the service.`;

await run('smoke test', 'failure', async (browser) => {
  // Failed loads are judged by status (a 422 form answer is expected).
  const page = await newPage(browser, { viewport: { width: 1320, height: 900 } }, { consoleErrors: exceptFailedLoads });

  step(`sign in at ${base}/login as ${admin.email}`);
  await signIn(page, admin);
  // Signing in lands on Today, each block with a count or a friendly empty line.
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/today');
  assert.equal(await page.locator('section.today-block').count(), 6, 'six blocks');
  await shot(page, 'today', false);
  await page.goto(`${base}/customers`);
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await shot(page, 'list', false);

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
  await shot(page, 'form-errors');
  await page.fill('#f-email', `smoke.${stamp}@example.com`);
  await submit(page, 'form.customer-form button[type=submit]', /\/customers\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name }).waitFor();

  step('find it with the search box and open it');
  await page.goto(`${base}/customers`);
  await page.fill('form.filters input[name=q]', `Smoke Test ${stamp}`);
  await submit(page, 'form.filters button[type=submit]', /[?&]q=/);
  const link = page.getByRole('link', { name });
  assert.equal(await link.count(), 1, 'exactly one search hit');
  await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), link.click()]);
  await page.getByRole('heading', { level: 1, name }).waitFor();

  step('record an interaction and see it on the timeline');
  await page.selectOption('#i-kind', 'call');
  await page.selectOption('#i-sentiment', 'positive');
  await page.fill('#i-summary', summary);
  await submit(page, '#record button[type=submit]', /#timeline$/);
  const entry = page.locator('ol.timeline li', { hasText: summary });
  await entry.waitFor();
  assert.match(await entry.textContent(), /Call/);
  assert.match(await entry.textContent(), /Positive/);
  await shot(page, 'customer');

  step('switch the language to Eesti');
  await Promise.all([page.waitForLoadState('load'), page.selectOption('form.lang select', 'et')]);
  await page.getByRole('heading', { level: 2, name: 'Ajajoon' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'et');
  await page.getByRole('link', { name: 'Kliendid' }).first().waitFor();
  await page.locator('ol.timeline li', { hasText: summary }).waitFor();
  await shot(page, 'smoke-et');

  step('audit log lists the changes and verifies the chain');
  await page.goto(`${base}/audit`);
  await page.locator('.verdict.ok').waitFor();
  await shot(page, 'audit', false);
});
