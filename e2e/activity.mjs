// Real-browser test of the customer page's transaction / contract / usage forms and the SLA
// policy page, driving Debian's chromium through playwright-core. Run through ./run.sh (which
// starts `carewell demo`), or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_EMAIL=… CAREWELL_PASSWORD=… \
//   CAREWELL_MANAGER_EMAIL=… CAREWELL_MANAGER_PASSWORD=… node activity.mjs
//
// Flow: an agent (the demo admin) creates a customer → a bad amount is explained and kept →
// adds a transaction, a contract ending soon and a usage event → sees them in the
// "Transactions and contracts" section and on the timeline → a manager opens the SLA policies
// from the complaints list, is refused a first response later than the resolution, then
// saves a new target for "low". Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { admin, base, createCustomer, manager, newPage, run, shot, signIn, stamp, step, submit, submitForm } from './lib.mjs';

await run('activity and SLA policy flow', 'activity-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);

  step('create a customer');
  const customerUrl = await createCustomer(page, { 'f-name': `Activity Test ${stamp}` });

  step('a bad amount is explained, what was typed stays, nothing is added');
  await page.click('#add-transaction summary');
  await page.fill('#t-amount', '12,5x');
  await page.fill('#t-currency', 'EUR');
  await page.fill('#t-description', `Kettle ${stamp}`);
  await submitForm(page, '#add-transaction form');
  assert.ok(await page.locator('#add-transaction[open] .field.invalid #t-amount').count(), 'amount marked invalid');
  assert.equal(await page.inputValue('#t-amount'), '12,5x');
  assert.equal(await page.inputValue('#t-description'), `Kettle ${stamp}`);
  assert.equal(await page.locator('#transactions').count(), 0);

  step('add a transaction');
  await page.fill('#t-amount', '-12.50');
  await page.fill('#t-at', '2026-03-04T10:30');
  await page.fill('#t-ref', `INV-${stamp}`);
  await submitForm(page, '#add-transaction form');
  const tx = page.locator('#transactions tr', { hasText: `Kettle ${stamp}` });
  assert.match(await tx.textContent(), /-12\.50 EUR/);
  assert.match(await tx.textContent(), new RegExp(`INV-${stamp}`));

  step('add a contract ending in 10 days');
  const end = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
  await page.click('#add-contract summary');
  await page.fill('#k-name', `Gold ${stamp}`);
  await page.fill('#k-start', '2026-01-01');
  await page.fill('#k-end', end);
  await page.fill('#k-value', '1200');
  await page.selectOption('#k-renewal', 'auto');
  await submitForm(page, '#add-contract form');
  const row = page.locator('#contracts tr', { hasText: `Gold ${stamp}` });
  assert.match(await row.textContent(), new RegExp(end));
  assert.match(await row.textContent(), /ends in 10 days/);
  assert.match(await row.textContent(), /Renews automatically/);

  step('record a usage event; all three are on the timeline');
  await page.click('#add-usage summary');
  await page.fill('#u-event', `export-${stamp}`);
  await page.fill('#u-quantity', '3');
  await submitForm(page, '#add-usage form');
  assert.equal(page.url().split('#')[0], customerUrl);
  const kinds = (await page.locator('#timeline .t-kind').allTextContents()).map((k) => k.trim());
  for (const k of ['Transaction', 'Contract', 'Usage']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
  await shot(page, 'activity-customer');

  step('a manager opens the SLA policies from the complaints list');
  const mpage = await newPage(browser);
  await signIn(mpage, manager);
  await mpage.goto(`${base}/complaints`);
  await submit(mpage, '#sla-link', /\/complaints\/sla$/);
  assert.match(await mpage.textContent('#sla-policies'), /Critical/);

  step('a first response later than the resolution is refused, values kept');
  await mpage.click('#sla-low summary');
  await mpage.fill('#fr-low', '5000');
  await mpage.fill('#res-low', '600');
  await submitForm(mpage, '#sla-low form');
  assert.match(await mpage.textContent('#sla-low'), /cannot be later than Resolution target/);
  assert.equal(await mpage.inputValue('#fr-low'), '5000');

  step('save a new target for low');
  await mpage.fill('#fr-low', '120');
  await mpage.fill('#res-low', '2880');
  await submitForm(mpage, '#sla-low form');
  await mpage.waitForSelector('#sla-saved');
  assert.match(await mpage.textContent('#sla-row-low'), /2 h/);
  assert.match(await mpage.textContent('#sla-row-low'), /48 h/);
  await shot(mpage, 'sla-policies');
});
