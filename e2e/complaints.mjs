// Real-browser test of complaint handling, intake to close, driving Debian's chromium through
// playwright-core. Run through ./run.sh (which starts `carewell demo`, whose staff include a manager), or
// against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_EMAIL=… CAREWELL_PASSWORD=… \
//   CAREWELL_MANAGER_EMAIL=… CAREWELL_MANAGER_PASSWORD=… node complaints.mjs
//
// Flow: an agent (the demo admin) creates a customer → records a complaint → acknowledges,
// listens, confirms the demand, waits on the customer (SLA paused), resumes, resolves → books a
// small compensation (effective at once) and a large one (pending, cannot self-approve) →
// reverses the small one → the customer answers the satisfaction question and files a new
// complaint through the public link (no login) → a manager approves the large compensation and
// opens the report → the agent follows up and closes. Screenshots go to e2e/out/.

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
const mgrEmail = process.env.CAREWELL_MANAGER_EMAIL || 'manager@carewell.test';
const mgrPassword = process.env.CAREWELL_MANAGER_PASSWORD || 'carewell-demo';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const stamp = Date.now().toString(36);

const step = (msg) => console.log(`• ${msg}`);
const local = (url) => base + new URL(url).pathname; // links are built on the configured base_url

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
});

const problems = [];
function watch(page) {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500 || r.status() === 404) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });
}

async function signIn(page, who, pw) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', who);
  await page.fill('input[name=password]', pw);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
}

async function status(page) {
  return page.getAttribute('#status', 'data-status');
}

// Submits the form of a workflow action, filling its fields, and waits for the new status.
async function act(page, action, fields, expected) {
  const form = page.locator(`form.action-form[data-action="${action}"]`);
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  await page.waitForSelector(`#status[data-status="${expected}"]`);
}

let failed = false;
try {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1320, height: 1000 } });
  const page = await ctx.newPage();
  watch(page);

  step(`sign in at ${base} as ${email}`);
  await signIn(page, email, password);

  step('create a customer');
  await page.goto(`${base}/customers/new`);
  const customer = `Complaint Test ${stamp}`;
  await page.fill('#f-name', customer);
  await page.fill('#f-email', `complaint.${stamp}@example.com`);
  await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), page.click('form.customer-form button[type=submit]')]);
  const customerId = page.url().split('/').pop();

  step('record a complaint from the customer page; the SLA clock starts');
  await Promise.all([page.waitForURL(/\/complaints\/new\?customer_id=/), page.click('#new-complaint')]);
  assert.equal(await page.inputValue('select[name=customer_id]'), customerId);
  await page.selectOption('select[name=channel]', 'phone');
  await page.selectOption('select[name=category]', 'billing');
  await page.selectOption('select[name=severity]', 'high');
  await page.fill('input[name=subject]', `Charged twice ${stamp}`);
  await page.fill('textarea[name=description]', 'The March invoice was charged twice to my card.');
  await Promise.all([page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/), page.click('form[action="/complaints/new"] button[type=submit]')]);
  const complaintUrl = page.url();
  assert.equal(await status(page), 'new');
  assert.equal((await page.textContent('#sla-overall')).trim(), 'Active');

  step('a refused transition answers 409 with what is allowed');
  const csrf = await page.getAttribute('input[name=csrf]', 'value');
  const refused = await page.request.post(`${complaintUrl}/action`, { form: { csrf, action: 'resolve', resolution: 'x', root_cause: 'y' } });
  assert.equal(refused.status(), 409);
  assert.match(await refused.text(), /allowed now: acknowledge/);

  step('acknowledge → listen → confirm the demand');
  await act(page, 'acknowledge', {}, 'acknowledged');
  assert.match(await page.textContent('#sla'), /Met/); // first response within target
  await act(page, 'listen', {}, 'listening');
  await act(page, 'confirm-demand', { demand: 'Refund the second charge of March' }, 'demand-confirmed');
  assert.equal((await page.textContent('#demand')).trim(), 'Refund the second charge of March');

  step('wait on the customer (SLA paused), then resume');
  await act(page, 'wait-on-customer', { note: 'bank statement' }, 'waiting-on-customer');
  assert.match(await page.textContent('#sla'), /paused/);
  await act(page, 'customer-responded', {}, 'demand-confirmed');

  step('resolve with a root cause; a follow-up task appears');
  await act(page, 'start-resolving', {}, 'resolving');
  await act(page, 'resolve', { resolution: 'Refunded the duplicate charge', root_cause: 'payment-retry' }, 'resolved');
  assert.match(await page.textContent('#tasks'), /Follow-up visit/);
  await page.screenshot({ path: join(out, 'complaint-resolved.png'), fullPage: true });

  step('book compensation: 20.00 is effective, 250.00 waits for a manager');
  for (const [kind, amount] of [['refund', '20.00'], ['credit', '250.00']]) {
    await page.selectOption('#add-compensation select[name=kind]', kind);
    await page.fill('#add-compensation input[name=amount]', amount);
    await page.fill('#add-compensation input[name=reason]', `double charge ${amount}`);
    await Promise.all([page.waitForLoadState('load'), page.click('#add-compensation button[type=submit]')]);
  }
  const rows = page.locator('#compensation tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await page.textContent('#compensation'), /Pending approval/);
  assert.equal(await page.locator('#compensation form[action$="/approve"]').count(), 0, 'the booker cannot approve');

  step('reverse the small entry (a new negative entry; nothing is edited)');
  const small = page.locator('#compensation tbody tr', { hasText: '20.00' });
  await small.locator('input[name=reason]').fill('bank refunded it already');
  await Promise.all([page.waitForLoadState('load'), small.locator('form[action$="/reverse"] button').click()]);
  assert.equal(await rows.count(), 3);
  assert.match(await page.textContent('#compensation .total'), /^0\.00 EUR$/);

  step('assign the complaint to the manager');
  const managerOption = await page.locator('#assign option', { hasText: mgrEmail }).getAttribute('value');
  await page.selectOption('#assign select[name=owner_id]', managerOption);
  await Promise.all([page.waitForLoadState('load'), page.click('#assign button[type=submit]')]);
  assert.equal(await page.inputValue('#assign select[name=owner_id]'), managerOption);

  step('the customer answers the satisfaction question (no login)');
  const satisfaction = local(await page.textContent('#satisfaction-link'));
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/link"] button')]);
  const formLink = local(await page.textContent('#form-link'));
  const anon = await browser.newContext({ locale: 'en-US' });
  const cust = await anon.newPage();
  watch(cust);
  await cust.goto(satisfaction);
  await cust.check('input[name=score][value="4"]');
  await cust.fill('textarea[name=comment]', 'Quick and friendly');
  await Promise.all([cust.waitForLoadState('load'), cust.click('#satisfaction-form button[type=submit]')]);
  await cust.locator('#thanks').waitFor();

  step('the customer files a new complaint through the public link');
  await cust.goto(formLink);
  await cust.selectOption('select[name=category]', 'delivery');
  await cust.fill('textarea[name=description]', `The parcel arrived broken (${stamp}).`);
  await Promise.all([cust.waitForLoadState('load'), cust.click('#public-complaint button[type=submit]')]);
  await cust.locator('#thanks').waitFor();
  await cust.screenshot({ path: join(out, 'public-thanks.png') });
  await anon.close();
  await page.goto(`${base}/complaints?q=${stamp}`);
  assert.equal(await page.locator('#complaints tbody tr').count(), 2, 'both complaints listed');

  step('a manager approves the large compensation and opens the report');
  const mctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1320, height: 1000 } });
  const mgr = await mctx.newPage();
  watch(mgr);
  await signIn(mgr, mgrEmail, mgrPassword);
  await mgr.goto(`${base}/complaints`);
  await Promise.all([mgr.waitForURL(/#compensation$/), mgr.click('#pending-approvals a')]);
  assert.equal(mgr.url().split('#')[0], complaintUrl);
  assert.match(await mgr.textContent('#satisfaction'), /4\/5/);
  await Promise.all([mgr.waitForLoadState('load'), mgr.click('#compensation form[action$="/approve"] button')]);
  assert.match(await mgr.textContent('#compensation'), /Approved/);
  assert.match(await mgr.textContent('#compensation .total'), /^250\.00 EUR$/);
  await mgr.goto(`${base}/complaints/reports`);
  await mgr.locator('#attainment').waitFor();
  assert.match(await mgr.textContent('main'), /payment-retry/);
  const csv = await mgr.request.get(base + (await mgr.getAttribute('#csv', 'href')));
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), new RegExp(`^id,received_at`));
  await mgr.screenshot({ path: join(out, 'complaint-report.png'), fullPage: true });
  await mctx.close();

  step('follow up and close');
  await page.goto(complaintUrl);
  await act(page, 'follow-up', { note: 'Visited; all fine' }, 'followed-up');
  await act(page, 'close', {}, 'closed');
  assert.match(await page.textContent('#history'), /Closed/);
  await page.screenshot({ path: join(out, 'complaint-closed.png'), fullPage: true });

  step('the customer timeline shows the complaint (linked) and the compensation, labelled');
  await page.goto(`${base}/customers/${customerId}`);
  const complaintEntry = page.locator('#timeline li.t-complaint', { hasText: `Charged twice ${stamp}` });
  assert.equal((await complaintEntry.locator('.t-kind').textContent()).trim(), 'Complaint');
  assert.match(await complaintEntry.textContent(), /Closed/);
  assert.equal(await complaintEntry.locator('.t-title a').getAttribute('href'), new URL(complaintUrl).pathname);
  const kinds = await page.locator('#timeline li.t-compensation .t-title').allTextContents();
  assert.ok(kinds.map((k) => k.trim()).includes('Credit') && kinds.map((k) => k.trim()).includes('Reversal'), kinds.join(', '));

  assert.deepEqual(problems, [], 'no page errors, 404s or 5xx');
  console.log(`ok: complaint flow passed; screenshots in ${out}`);
} catch (e) {
  failed = true;
  console.error('FAILED:', e?.message ?? e);
  if (problems.length) console.error(problems.join('\n'));
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await pages[0].screenshot({ path: join(out, 'complaints-failure.png'), fullPage: true });
  } catch {
    // best effort
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
