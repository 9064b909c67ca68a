// Real-browser test of issue 14's form defects, driving Debian's chromium through
// playwright-core. Run through ./run.sh (which starts `carewell demo`), or against a running
// server: CAREWELL_URL=http://127.0.0.1:8080 node forms.mjs
//
// Flow: an agent (the demo admin) is told beside the fields that "ZZ" is no country and
// "Mars/Olympus" no time zone; a second customer with the same e-mail is warned with a link to
// the first and saved only after "save anyway"; on a complaint, 99,999,999,999,999 EUR is
// refused beside the amount, 2500 EUR asks for a second confirmation (in et: "2 500,00 EUR")
// and is booked only then; a manager's approval of it asks again. Screenshots (1440 px and
// 390 px, en and et) go to e2e/out/.

import assert from 'node:assert/strict';
import { admin, base, createCustomer, manager, newPage, run, setLanguage, shot, signIn, stamp, step, submit, submitForm } from './lib.mjs';

await run('form validation and large amounts flow', 'forms-failure', async (browser) => {
  const page = await newPage(browser, { viewport: { width: 1440, height: 1000 } });

  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);

  step('an unknown country and time zone are explained beside the fields, nothing saved');
  await page.goto(`${base}/customers/new`);
  await page.fill('#f-name', `Forms Test ${stamp}`);
  await page.fill('#f-country', 'ZZ');
  await page.fill('#f-timezone', 'Mars/Olympus');
  await page.fill('#f-birthday', '2099-01-01');
  await submit(page, 'form.customer-form button[type=submit]');
  assert.match(await page.textContent('#e-country'), /ZZ/);
  assert.match(await page.textContent('#e-timezone'), /Mars\/Olympus/);
  assert.match(await page.textContent('#e-birthday'), /future/);
  assert.equal(await page.inputValue('#f-country'), 'ZZ', 'what was typed stays');
  await shot(page, 'forms-customer-errors-1440-en');

  step('a duplicate e-mail is warned with a link, saved only when confirmed');
  const email = `forms.${stamp}@example.com`;
  const firstUrl = await createCustomer(page, { 'f-name': `Forms First ${stamp}`, 'f-email': email });
  await page.goto(`${base}/customers/new`);
  await page.fill('#f-name', `Forms Second ${stamp}`);
  await page.fill('#f-email', email);
  await submit(page, 'form.customer-form button[type=submit]');
  assert.equal(new URL(await page.locator('#duplicate-link').evaluate((a) => a.href)).pathname, new URL(firstUrl).pathname);
  await shot(page, 'forms-duplicate-email-1440-en');
  await page.check('#allow-duplicate');
  await submit(page, 'form.customer-form button[type=submit]', /\/customers\/[0-9a-f-]{36}$/);
  assert.notEqual(page.url(), firstUrl);

  step('a complaint for the first customer');
  await page.goto(`${base}/complaints/new?customer_id=${firstUrl.split('/').pop()}`);
  await page.selectOption('select[name=channel]', 'phone');
  await page.selectOption('select[name=category]', 'billing');
  await page.selectOption('select[name=severity]', 'high');
  await page.fill('input[name=subject]', `Charged a lot ${stamp}`);
  await page.fill('textarea[name=description]', 'Charged far too much.');
  await submit(page, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = page.url();

  step('99,999,999,999,999 EUR is refused beside the amount');
  await page.fill('#c-amount', '99999999999999');
  await page.fill('#c-reason', 'typo');
  await submitForm(page, '#add-compensation');
  assert.match(await page.textContent('#ce-amount'), /between/);
  assert.equal(await page.locator('#compensation-confirm').count(), 0);

  step('2500 EUR asks for a second confirmation (et), then is booked');
  await setLanguage(page, 'et');
  await page.goto(complaintUrl);
  await page.fill('#c-amount', '2500');
  await page.fill('#c-reason', 'hea tahe');
  await submitForm(page, '#add-compensation');
  const confirm = page.locator('#compensation-confirm');
  assert.match(await confirm.textContent(), /2\u00a0500,00 EUR/);
  await shot(page, 'forms-large-confirm-1440-et');
  await page.setViewportSize({ width: 390, height: 900 });
  await shot(page, 'forms-large-confirm-390-et');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await submit(page, '#confirm-compensation', complaintUrl);
  assert.match(await page.textContent('#compensation table'), /2\u00a0500,00 EUR/);
  await setLanguage(page, 'zh-CN');
  await page.goto(complaintUrl);
  assert.match(await page.textContent('#compensation table'), /2,500\.00 EUR/);
  await page.setViewportSize({ width: 390, height: 900 });
  await shot(page, 'forms-compensation-390-zh');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await setLanguage(page, 'en');

  step('a manager approving it is asked again');
  const mpage = await newPage(browser, { viewport: { width: 390, height: 900 } });
  await signIn(mpage, manager);
  await mpage.goto(complaintUrl);
  const row = mpage.locator('#compensation tr', { hasText: '2,500.00 EUR' });
  await submit(mpage, `#compensation tr:has-text("2,500.00 EUR") form[action$="/approve"] button`);
  assert.match(await mpage.textContent('#approve-confirm'), /2,500\.00 EUR/);
  await shot(mpage, 'forms-approve-confirm-390-en');
  await mpage.setViewportSize({ width: 1440, height: 1000 });
  await shot(mpage, 'forms-approve-confirm-1440-en');
  await submit(mpage, '#confirm-approve', complaintUrl);
  assert.equal(await row.count(), 1);
  assert.equal(await mpage.locator('#approve-confirm').count(), 0);
});
