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
import { admin, base, createCustomer, local, manager, newPage, run, shot, signIn, stamp, status, step, submit } from './lib.mjs';

// Submits the form of a workflow action, filling its fields, and waits for the new status.
async function act(page, action, fields, expected) {
  const form = page.locator(`form.action-form[data-action="${action}"]`);
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  await page.waitForSelector(`#status[data-status="${expected}"]`);
}

await run('complaint flow', 'complaints-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);

  step('create a customer');
  const customer = `Complaint Test ${stamp}`;
  const customerUrl = await createCustomer(page, { 'f-name': customer, 'f-email': `complaint.${stamp}@example.com` });
  const customerId = customerUrl.split('/').pop();

  step('record a complaint from the customer page; the SLA clock starts');
  await submit(page, '#new-complaint', /\/complaints\/new\?customer_id=/);
  assert.equal(await page.inputValue('input[name=customer_id]:checked'), customerId);
  await page.selectOption('select[name=channel]', 'phone');
  await page.selectOption('select[name=category]', 'billing');
  await page.selectOption('select[name=severity]', 'high');
  await page.fill('input[name=subject]', `Charged twice ${stamp}`);
  await page.fill('textarea[name=description]', 'The March invoice was charged twice to my card.');
  await submit(page, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = page.url();
  assert.equal(await status(page), 'new');
  assert.equal((await page.textContent('#sla-overall')).trim(), 'Active');

  step('a refused transition answers 409 with what is allowed');
  const csrf = await page.getAttribute('input[name=csrf]', 'value');
  const refused = await page.request.post(`${complaintUrl}/action`, { form: { csrf, action: 'resolve', resolution: 'x', root_cause: 'y' } });
  assert.equal(refused.status(), 409);
  assert.match(await refused.text(), /allowed now: acknowledge/i);

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
  await shot(page, 'complaint-resolved');

  step('book compensation: 20.00 is effective, 250.00 waits for a manager');
  for (const [kind, amount] of [['refund', '20.00'], ['credit', '250.00']]) {
    await page.selectOption('#add-compensation select[name=kind]', kind);
    await page.fill('#add-compensation input[name=amount]', amount);
    await page.fill('#add-compensation input[name=reason]', `double charge ${amount}`);
    await submit(page, '#add-compensation button[type=submit]');
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
  const managerOption = await page.locator('#assign option', { hasText: manager.email }).getAttribute('value');
  await page.selectOption('#assign select[name=owner_id]', managerOption);
  await submit(page, '#assign button[type=submit]');
  assert.equal(await page.inputValue('#assign select[name=owner_id]'), managerOption);

  step('the customer answers the satisfaction question (no login)');
  // Customer links are shown once, to whoever issues them (only their hashes are stored).
  await submit(page, '#issue-satisfaction-link');
  const satisfaction = local(await page.textContent('#satisfaction-link'));
  await submit(page, 'form[action$="/link"] button');
  const formLink = local(await page.textContent('#form-link'));
  assert.equal(await page.locator('#satisfaction-link').count(), 0, 'shown once');
  const cust = await newPage(browser, { viewport: undefined });
  await cust.goto(satisfaction);
  await cust.check('input[name=score][value="4"]');
  await cust.fill('textarea[name=comment]', 'Quick and friendly');
  await submit(cust, '#satisfaction-form button[type=submit]');
  await cust.locator('#thanks').waitFor();

  step('the customer files a new complaint through the public link');
  await cust.goto(formLink);
  await cust.selectOption('select[name=category]', 'delivery');
  await cust.fill('textarea[name=description]', `The parcel arrived broken (${stamp}).`);
  await submit(cust, '#public-complaint button[type=submit]');
  await cust.locator('#thanks').waitFor();
  await shot(cust, 'public-thanks', false);
  await cust.context().close();
  await page.goto(`${base}/complaints?q=${stamp}`);
  assert.equal(await page.locator('#complaints tbody tr').count(), 2, 'both complaints listed');

  step('a manager approves the large compensation and opens the report');
  const mgr = await newPage(browser);
  await signIn(mgr, manager);
  await mgr.goto(`${base}/complaints`);
  await submit(mgr, '#pending-approvals a', /#compensation$/);
  assert.equal(mgr.url().split('#')[0], complaintUrl);
  assert.match(await mgr.textContent('#satisfaction'), /4\/5/);
  await submit(mgr, '#compensation form[action$="/approve"] button');
  assert.match(await mgr.textContent('#compensation'), /Approved/);
  assert.match(await mgr.textContent('#compensation .total'), /^250\.00 EUR$/);
  await mgr.goto(`${base}/complaints/reports`);
  await mgr.locator('#attainment').waitFor();
  assert.match(await mgr.textContent('main'), /payment-retry/);
  const csv = await mgr.request.get(base + (await mgr.getAttribute('#csv', 'href')));
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), new RegExp(`^id,received_at`));
  await shot(mgr, 'complaint-report');
  await mgr.context().close();

  step('follow up and close');
  await page.goto(complaintUrl);
  await act(page, 'follow-up', { note: 'Visited; all fine' }, 'followed-up');
  await act(page, 'close', {}, 'closed');
  assert.match(await page.textContent('#history'), /Closed/);
  await shot(page, 'complaint-closed');

  step('the customer timeline shows the complaint (linked) and the compensation, labelled');
  await page.goto(`${base}/customers/${customerId}`);
  const complaintEntry = page.locator('#timeline li.t-complaint', { hasText: `Charged twice ${stamp}` });
  assert.equal((await complaintEntry.locator('.t-kind').textContent()).trim(), 'Complaint');
  assert.match(await complaintEntry.textContent(), /Closed/);
  assert.equal(await complaintEntry.locator('.t-title a').getAttribute('href'), new URL(complaintUrl).pathname);
  const kinds = await page.locator('#timeline li.t-compensation .t-title').allTextContents();
  assert.ok(kinds.map((k) => k.trim()).includes('Credit') && kinds.map((k) => k.trim()).includes('Reversal'), kinds.join(', '));
});
