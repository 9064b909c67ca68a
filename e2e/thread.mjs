// Real-browser test of a complaint's conversation, driving Debian's chromium through
// playwright-core. Run through ./run.sh, or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_EMAIL=… CAREWELL_PASSWORD=… node thread.mjs
//
// Flow: an agent (the demo admin) records a complaint for a new customer, acknowledges it and
// waits on the customer (SLA paused) → replies in the thread and adds an internal note → hands
// the customer the conversation link → the customer (no login) sees the thread without the note
// and replies → the complaint is back at work and the SLA runs → the agent waits again → the
// customer's e-mail arrives through POST /api/v1/inbound/email (an API token made on /account)
// with the reference in the subject → it is in the thread and the SLA runs again → the message
// as sent opens from the thread. Screenshots of the staff thread and the customer's page in
// en and zh-CN go to e2e/out/.

import assert from 'node:assert/strict';
import { admin, base, createCustomer, local, newPage, run, setLanguage, shot, signIn, stamp, status, step, submit } from './lib.mjs';

async function act(page, action, fields, expected) {
  const form = page.locator(`form.action-form[data-action="${action}"]`);
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`[name="${name}"]`).fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  await page.waitForSelector(`#status[data-status="${expected}"]`);
}

await run('complaint conversation', 'thread-failure', async (browser) => {
  const page = await newPage(browser);
  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);

  step('a complaint from a new customer, acknowledged, then waiting on the customer');
  const email = `thread.${stamp}@example.com`;
  const customerUrl = await createCustomer(page, { 'f-name': `Thread Test ${stamp}`, 'f-email': email });
  await page.goto(`${base}/complaints/new?customer_id=${customerUrl.split('/').pop()}`);
  await page.selectOption('select[name=channel]', 'phone');
  await page.selectOption('select[name=category]', 'billing');
  await page.selectOption('select[name=severity]', 'high');
  await page.fill('input[name=subject]', `Charged twice ${stamp}`);
  await page.fill('textarea[name=description]', 'The March invoice was charged twice.\nPlease refund one.');
  await submit(page, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = page.url();
  const complaintId = complaintUrl.split('/').pop();
  const reference = complaintId.slice(-8);
  await act(page, 'acknowledge', {}, 'acknowledged');
  await act(page, 'wait-on-customer', { note: 'bank statement' }, 'waiting-on-customer');
  assert.match(await page.textContent('#sla'), /paused/);
  assert.match(await page.textContent('#thread'), /Please refund one/, 'the original words');
  assert.match(await page.textContent('#thread'), /We have received your complaint/, 'the acknowledgement as sent');

  step('a blank reply is refused beside the field; a reply and an internal note are added');
  await page.fill('#reply-body', ' ');
  await page.$eval('#reply-body', (t) => t.removeAttribute('maxlength'));
  await page.$eval('#reply-form', (f) => f.noValidate = true);
  await submit(page, '#reply-form button[type=submit]');
  await page.locator('#reply-error').waitFor();
  await page.fill('#reply-body', 'Could you send us the bank statement for March?');
  await submit(page, '#reply-form button[type=submit]');
  await page.fill('#reply-body', `Internal: customer was upset ${stamp}`);
  await page.check('#reply-form input[name=internal]');
  await submit(page, '#reply-form button[type=submit]');
  assert.equal(await page.locator('#thread li[data-kind="agent"]').count(), 1);
  assert.equal(await page.locator('#thread li[data-kind="note"]').count(), 1);
  await shot(page, 'thread-staff-en');

  step('the customer opens the conversation link (no login): no internal note; replies');
  await submit(page, '#issue-thread-link');
  const link = local(await page.textContent('#thread-link'));
  const cust = await newPage(browser, { viewport: { width: 390, height: 900 } });
  await cust.goto(link);
  const seen = await cust.textContent('#thread');
  assert.match(seen, /bank statement for March/);
  assert.doesNotMatch(seen, /Internal: customer was upset/);
  await cust.fill('#public-reply-body', 'Here it is: the second charge is on line 4.');
  await submit(cust, '#public-reply button[type=submit]');
  await cust.locator('#sent').waitFor();
  assert.match(await cust.textContent('#thread'), /second charge is on line 4/);
  await shot(cust, 'thread-public-en');
  await cust.goto(`${link}?lang=zh-CN`);
  assert.match(await cust.textContent('h1'), /您的投诉/);
  await shot(cust, 'thread-public-zh-CN');

  step('the reply resumed the work: the SLA clock runs again');
  await page.goto(complaintUrl);
  assert.equal(await status(page), 'acknowledged');
  assert.doesNotMatch(await page.textContent('#sla'), /paused/);
  assert.match(await page.textContent('#thread'), /second charge is on line 4/);

  step('wait again; the customer e-mails with the reference in the subject (inbound endpoint)');
  await act(page, 'wait-on-customer', { note: 'receipt' }, 'waiting-on-customer');
  await page.goto(`${base}/account`);
  await page.fill('#token-form input[name=name]', `inbound ${stamp}`);
  await submit(page, '#token-form button[type=submit]');
  const token = (await page.textContent('#token-secret')).trim();
  const inbound = (messageId) => page.request.post(`${base}/api/v1/inbound/email`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      from: `Thread Test <${email}>`, to: 'care@example.com',
      subject: `Re: Charged twice [#${reference}]`, text: 'And here is the receipt.',
      html: '<p>And here is the <b>receipt</b><script>alert(1)</script></p>',
      message_id: messageId,
    },
  });
  const r = await inbound(`<${stamp}.1@mail.example>`);
  assert.equal(r.status(), 200, await r.text());
  const body = await r.json();
  assert.equal(body.complaint_id, complaintId);
  assert.equal(body.outcome, 'threaded');
  assert.equal(body.status, 'acknowledged');
  const again = await (await inbound(`<${stamp}.1@mail.example>`)).json();
  assert.equal(again.outcome, 'duplicate');
  const bad = await page.request.post(`${base}/api/v1/inbound/email`, {
    headers: { Authorization: `Bearer ${token}` }, data: { from: 'nobody', message_id: '' },
  });
  assert.equal(bad.status(), 422);
  assert.match(bad.headers()['content-type'], /application\/problem\+json/);

  step('both replies are in the thread; the API shows the same');
  await page.goto(complaintUrl);
  assert.equal(await status(page), 'acknowledged');
  assert.doesNotMatch(await page.textContent('#sla'), /paused/);
  const thread = await page.textContent('#thread');
  assert.match(thread, /second charge is on line 4/);
  assert.match(thread, /And here is the receipt/);
  assert.equal(await page.locator('#thread script').count(), 0, 'customer HTML never rendered');
  const api = await (await page.request.get(`${base}/api/v1/complaints/${complaintId}/thread`)).json();
  const kinds = api.items.map((i) => i.kind);
  assert.deepEqual(kinds.filter((k) => k === 'customer').length, 3, kinds.join(','));
  await shot(page, 'thread-staff-en-after');

  step('the message as sent opens from the thread');
  await submit(page, '#thread li[data-kind="agent"] a[href^="/messages/"]');
  assert.match(await page.textContent('#message-subject'), new RegExp(`\\[#${reference}\\]`));
  assert.match(await page.textContent('#message-body'), /bank statement for March/);

  step('the staff thread in zh-CN');
  await setLanguage(page, 'zh-CN');
  await page.goto(complaintUrl);
  assert.match(await page.textContent('#thread h2'), /对话/);
  await shot(page, 'thread-staff-zh-CN');
  await setLanguage(page, 'en');
});
