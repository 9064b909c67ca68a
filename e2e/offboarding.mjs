// Real-browser test of a whole offboarding, driving Debian's chromium through playwright-core.
// Run through ./run.sh (which starts `carewell demo`), or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_EMAIL=… CAREWELL_PASSWORD=… node offboarding.mjs
//
// Flow: staff (the demo admin, who may also approve) create an Estonian-speaking customer and a
// complaint of theirs → open an offboarding case citing it from the customer page → shorten the timeline below the minimum
// notice and see the refusal, then fix it → approve → try to send the letter before the call
// (refused) → log the direct call → edit and send the letter (the preview is in Estonian) →
// book goodwill → close the account. Then, as the customer without login: open the page by the
// link, switch language, download the data (the JSON parses and holds the name; a CSV too) and
// leave feedback. Staff see the answer in the report. Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { admin, base, createCustomer, local, newPage, run, shot, signIn, stamp, status, step, submit } from './lib.mjs';

function day(offset) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

await run('offboarding flow', 'offboarding-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);

  step('create an Estonian-speaking customer');
  const customer = `Kati Lahkuja ${stamp}`;
  const customerUrl = await createCustomer(page, {
    'f-name': customer,
    'f-email': `leaver.${stamp}@example.com`,
    'f-language': 'et',
    'f-country': 'EE',
  });

  step('a documented situation: a complaint from the customer');
  await submit(page, '#new-complaint', /\/complaints\/new\?customer_id=/);
  const subject = `Arve saadeti kaks korda ${stamp}`;
  await page.fill('input[name=subject]', subject);
  await page.fill('textarea[name=description]', 'Sama arve tuli kaks korda.');
  await submit(page, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  await page.goto(customerUrl);

  step('open an offboarding case from the customer page, citing the complaint');
  await submit(page, '#open-offboarding', /\/customers\/[0-9a-f-]{36}\/offboarding$/);
  assert.match(await page.textContent('#rule'), /Minimum notice \(EU\): 30 days/);
  await page.check(`#situations label:has-text("${subject}") input`);
  await page.selectOption('select[name=reason]', 'unprofitable');
  await page.fill('textarea[name=reason_note]', 'Cost to serve above revenue for three quarters');
  await submit(page, '#open-case button[type=submit]', /\/offboarding\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  assert.equal(await status(page), 'open');
  assert.match(await page.textContent('#notice-check'), /Notice period met/);
  assert.match(await page.textContent('#reason'), new RegExp(subject));
  assert.match(await page.inputValue('textarea[name=framing]'), new RegExp(subject), 'the letter names the situation');

  step('shorten the notice below the minimum: refused with the reason, then fixed');
  await page.fill('#plan input[name=service_end]', day(7));
  await page.fill('#plan input[name=support_end]', day(10));
  await page.fill('#plan input[name=export_until]', day(20));
  await page.fill('#plan input[name=deletion_date]', day(21));
  await submit(page, '#plan button[type=submit]');
  const refusal = await page.textContent('#action-error');
  assert.match(refusal, /less notice than the customer is entitled to/);
  assert.match(refusal, /30 days/);
  assert.equal(await page.inputValue('#plan input[name=service_end]'), day(7), 'typed dates are kept');
  await shot(page, 'offboarding-notice-refused');
  await page.fill('#plan input[name=service_end]', day(35));
  await page.fill('#plan input[name=support_end]', day(50));
  await page.fill('#plan input[name=export_until]', day(65));
  await page.fill('#plan input[name=deletion_date]', day(66));
  await submit(page, '#plan button[type=submit]');
  assert.equal(await page.locator('#action-error').count(), 0);
  assert.match(await page.textContent('#notice-check'), /Notice period met/);
  assert.match(await page.textContent('#notice-check'), /35/);

  step('approve the plan');
  await submit(page, '#approve button[type=submit]');
  assert.equal(await status(page), 'approved');

  step('the letter is in Estonian by default and cannot go out before the call');
  assert.match(await page.inputValue('textarea[name=thanks]'), /Täname/);
  assert.match(await page.textContent('#preview-body'), new RegExp(`Lugupeetud ${customer}!`));
  await submit(page, '#send-letter');
  assert.match(await page.textContent('#action-error'), /direct conversation/);
  assert.equal(await status(page), 'approved');

  step('log the direct call');
  await page.selectOption('#contact select[name=kind]', 'call');
  await page.fill('#contact textarea[name=summary]', 'Called Kati, explained the decision and the dates; she took it calmly.');
  await submit(page, '#contact button[type=submit]');
  assert.equal(await status(page), 'contacted');

  step('edit and send the letter');
  const thanks = `Aitäh, Kati, kõigi nende aastate eest! (${stamp})`;
  await page.fill('textarea[name=thanks]', thanks);
  await submit(page, '#send-letter');
  assert.equal(await status(page), 'notified');
  assert.match(await page.textContent('#letter-sent'), /Sent/);
  assert.match(await page.textContent('#preview-body'), new RegExp(thanks.replace(/[()]/g, '.')));
  const link = (await page.textContent('#customer-link')).trim();
  assert.match(link, /\/public\/offboarding\/[0-9a-f]{64}$/);
  await shot(page, 'offboarding-letter-sent');

  step('book goodwill through the ledger');
  await page.fill('#goodwill input[name=amount]', '25.00');
  await page.fill('#goodwill input[name=currency]', 'EUR');
  await submit(page, '#goodwill button[type=submit]');
  assert.match(await page.textContent('#goodwill-entries'), /25\.00 EUR/);

  step('close the account; follow-ups are scheduled');
  await submit(page, '#close button[type=submit]');
  assert.equal(await status(page), 'closed');
  assert.equal(await page.getAttribute('[data-step="follow-ups"]', 'data-state'), 'done');
  assert.equal(await page.getAttribute('[data-step="goodwill"]', 'data-state'), 'done');
  // Issue 14: a closed case offers no direct contact and no goodwill.
  assert.equal(await page.locator('#contact').count(), 0, 'no contact form on a closed case');
  assert.equal(await page.locator('#goodwill').count(), 0, 'no goodwill form on a closed case');
  await shot(page, 'offboarding-closed-case');

  step('as the customer: open the page by the link, no login, in Estonian');
  const cp = await newPage(browser, { locale: 'et-EE', acceptDownloads: true, viewport: { width: 1100, height: 1000 } });
  await cp.goto(local(link));
  assert.match(await cp.textContent('h1'), /Teie konto: mis edasi saab/);
  assert.match(await cp.textContent('#notice'), new RegExp(customer));
  await cp.click('#lang-switch a[hreflang="zh-CN"]');
  await cp.waitForLoadState('load');
  assert.match(await cp.textContent('h1'), /您的账户/);
  await cp.click('#lang-switch a[hreflang="et"]');
  await cp.waitForLoadState('load');

  step('download the data: one ZIP with the JSON document and the CSV files');
  const [dl] = await Promise.all([cp.waitForEvent('download'), cp.click('#download-zip')]);
  assert.equal(dl.suggestedFilename(), 'my-data.zip');
  const zipBytes = readFileSync(await dl.path());
  assert.equal(zipBytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP archive');
  for (const name of ['my-data.json', 'my-data-interactions.csv', 'my-data-transactions.csv']) {
    assert.ok(zipBytes.includes(Buffer.from(name)), `${name} in the ZIP`);
  }
  // The JSON document (also offered alone by the API) holds the name and the logged call.
  const jsonUrl = new URL(local(link));
  jsonUrl.pathname = jsonUrl.pathname.replace(/\/$/, '') + '/export.json';
  jsonUrl.search = '';
  const jsonRes = await cp.request.get(jsonUrl.toString());
  assert.equal(jsonRes.status(), 200);
  const json = await jsonRes.json();
  assert.equal(json.customer.name, customer);
  assert.ok(Array.isArray(json.interactions) && json.interactions.length >= 1, 'the logged call is in the export');

  step('leave feedback');
  const why = `Hinnad tõusid liiga kõrgeks ${stamp}`;
  await cp.fill('#survey textarea[name=reason_left]', why);
  await cp.fill('#survey textarea[name=would_have_kept]', 'Väiksem pakett');
  await cp.check('#survey input[name=rating][value="4"]');
  await submit(cp, '#survey button[type=submit]');
  assert.match(await cp.textContent('#thanks'), /Täname tagasiside eest/);
  await shot(cp, 'offboarding-customer-page');
  await cp.context().close();

  step('staff see the answer on the case and in the report; the CSV downloads');
  await page.goto(caseUrl);
  assert.match(await page.textContent('#survey-answer'), new RegExp(why));
  await page.goto(`${base}/offboarding/reports`);
  assert.match(await page.textContent('#survey-report'), new RegExp(why));
  const csv = await page.request.get(base + (await page.getAttribute('#report-csv', 'href')));
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /^section,key,initiator,currency,count,amount/);
  await shot(page, 'offboarding-report');
});
