// Relationship maintenance end to end (issue 15's "Done when"): an agent signs in and lands on
// Today; a manager tags two of the agent's demo customers, saves a segment holding them and
// sends an NPS survey to it through the UI; the survey e-mails arrive at a real SMTP sink
// (e2e/smtp-sink.mjs, started by run.sh) and the two customers answer through the links in them
// (10 and 3; answering twice is refused politely); the results show NPS 0 with n = 2 and the
// margin of error; the agent (the detractor's owner) finds the call-back task on Today; a second
// survey to the segment within the recontact period is throttled and its send log says why.
//
//   CAREWELL_URL=… CAREWELL_MAILDIR=<the sink's directory> node surveys.mjs

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, local, manager, newPage, run, shot, signIn, stamp, step, submit } from './lib.mjs';

const mailDir = process.env.CAREWELL_MAILDIR;
const agent = {
  email: process.env.CAREWELL_AGENT_EMAIL || 'agent.en@carewell.test',
  password: process.env.CAREWELL_AGENT_PASSWORD || 'carewell-demo',
};
const tag = `nps-e2e-${stamp}`;
const segmentName = `NPS e2e ${stamp}`;
/** The recontact period the demo keeps (the default). */
const RECONTACT_DAYS = 30;

/** The decoded text body of a raw RFC 5322 message (quoted-printable, base64 or plain). */
function bodyText(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const cte = (head.match(/^content-transfer-encoding:\s*([^\s;]+)/im) || [])[1]?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The messages the sink holds now (file names). */
const mailFiles = () => readdirSync(mailDir).filter((f) => f.endsWith('.json'));

/**
 * The survey link in an e-mail to `address` that arrived after the files `before`, waiting up
 * to 60 s (the demo's own older survey e-mails are delivered too).
 */
async function surveyLink(address, before) {
  for (let i = 0; i < 120; i++) {
    const mails = mailFiles()
      .filter((f) => !before.has(f))
      .map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')))
      .filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
    for (const m of mails) {
      const link = bodyText(m.data).match(/https?:\/\/[^\s/]+\/s\/[0-9a-f]{64}/);
      if (link) return link[0];
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no survey e-mail to ${address} reached the SMTP sink in 60 s`);
}

/** The JSON of a GET through the page's session. */
async function getJson(page, path) {
  const r = await page.request.get(base + path);
  assert.equal(r.status(), 200, `GET ${path}`);
  return r.json();
}

/** The count shown on Today's detractor block. */
async function detractorCount(page) {
  await page.goto(`${base}/today`);
  return Number(await page.locator('#today-detractors .count').textContent());
}

await run('survey flow', 'surveys-failure', async (browser) => {
  assert.ok(mailDir && existsSync(mailDir), 'CAREWELL_MAILDIR names the SMTP sink directory (run through e2e/run.sh)');

  step(`the agent ${agent.email} signs in and lands on Today`);
  const ag = await newPage(browser);
  await signIn(ag, agent);
  await ag.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  assert.equal(new URL(ag.url()).pathname, '/today');
  const callbacksBefore = await detractorCount(ag);

  step('pick two of the agent\'s customers who may be surveyed (e-mail, consent, not surveyed lately)');
  const mine = (await getJson(ag, '/api/v1/customers?owner=me&limit=500')).items;
  const recently = new Set();
  const since = Date.now() - (RECONTACT_DAYS + 1) * 86_400_000;
  for (const s of await getJson(ag, '/api/v1/surveys?limit=500')) {
    if (Date.parse(s.created_at) < since) continue;
    for (const r of (await getJson(ag, `/api/v1/surveys/${s.id}`)).recipients) {
      if (r.status === 'sent') recently.add(r.customer_id);
    }
  }
  const candidates = mine.filter(
    (c) =>
      c.email &&
      c.consent?.email !== false &&
      ['onboarding', 'active', 'at-risk', 'won-back'].includes(c.stage) &&
      !recently.has(c.id),
  );
  assert.ok(candidates.length >= 2, `two surveyable customers of ${agent.email} (found ${candidates.length})`);
  const [promoter, detractor] = candidates;

  step(`the manager tags them "${tag}" and saves a segment holding them`);
  const mg = await newPage(browser);
  await signIn(mg, manager);
  for (const c of [promoter, detractor]) {
    await mg.goto(`${base}/customers/${c.id}/edit`);
    const tags = await mg.inputValue('#f-tags');
    await mg.fill('#f-tags', tags.trim() ? `${tags}, ${tag}` : tag);
    await submit(mg, 'form.customer-form button[type=submit]', new RegExp(`/customers/${c.id}$`));
  }
  await mg.goto(`${base}/segments/new`);
  await mg.fill('#f-name', segmentName);
  await mg.fill('#f-description', 'Two customers asked for their NPS by the e2e run.');
  await mg.fill('#f-tags', tag);
  // The live count follows the conditions (on change: leaving the field).
  await mg.locator('#f-tags').press('Tab');
  await mg.locator('#live-count', { hasText: /^2 customers$/ }).waitFor();
  await submit(mg, 'form.form button[type=submit]:not([name])', /\/segments\/[0-9a-f-]{36}$/);
  await mg.getByRole('heading', { level: 1, name: segmentName }).waitFor();
  for (const c of [promoter, detractor]) await mg.getByRole('link', { name: c.name }).first().waitFor();
  await shot(mg, 'survey-segment', false);

  step('the manager sends an NPS survey to the segment');
  const sendNps = async (name) => {
    await mg.goto(`${base}/surveys`);
    await mg.selectOption('#send-form select[name=kind]', 'nps');
    await mg.fill('#send-form input[name=name]', name);
    await mg.selectOption('#send-segment', { label: segmentName });
    await submit(mg, '#send-form button[type=submit]', /\/surveys\/[0-9a-f-]{36}$/);
    await mg.getByRole('heading', { level: 1, name }).waitFor();
    return new URL(mg.url()).pathname.split('/').pop();
  };
  const before = new Set(mailFiles());
  const first = await sendNps(`NPS ${stamp}`);
  assert.equal(await mg.textContent('#sent'), '2', 'both customers were sent a link');
  assert.equal(await mg.locator('#send-log tr[data-status=sent]').count(), 2);

  step('the survey e-mails reach the SMTP sink; each customer answers through their link');
  const customer = await newPage(browser);
  const answer = async (c, score, comment) => {
    const link = await surveyLink(c.email, before);
    await customer.goto(local(link));
    await customer.locator('#question').waitFor();
    // No staff navigation on the customer's page.
    assert.equal(await customer.locator('a[href="/customers"]').count(), 0);
    await customer.check(`#survey-form input[name=score][value="${score}"]`);
    await customer.fill('#survey-form textarea[name=comment]', comment);
    await submit(customer, '#survey-form button[type=submit]');
    await customer.locator('#thanks').waitFor();
    return link;
  };
  const promoterLink = await answer(promoter, 10, `Always helpful (${stamp}).`);
  await shot(customer, 'survey-thanks', false);
  await answer(detractor, 3, `Too slow to answer (${stamp}).`);
  // The link works once: a second visit says it was answered.
  await customer.goto(local(promoterLink));
  await customer.locator('#answered').waitFor();
  assert.equal(await customer.locator('#survey-form').count(), 0, 'no second answer');

  step('the results: NPS 0 from 2 answers, with the margin of error');
  await mg.goto(`${base}/surveys/${first}`);
  assert.equal(await mg.textContent('#score'), '0.0');
  assert.equal(await mg.textContent('#responses'), '2');
  assert.equal(await mg.textContent('#promoters'), '1');
  assert.equal(await mg.textContent('#detractors'), '1');
  // 100·√((p + d − (p − d)²)/n) with p = d = ½, n = 2.
  assert.equal(await mg.textContent('#margin'), '±70.7');
  await mg.locator('#verbatims li', { hasText: `Too slow to answer (${stamp}).` }).waitFor();
  const results = await getJson(mg, `/api/v1/surveys/${first}/results`);
  assert.equal(results.responses, 2);
  assert.equal(results.score, 0);
  assert.ok(Math.abs(results.margin_of_error - 70.71) < 0.01, `margin ${results.margin_of_error}`);
  await shot(mg, 'survey-results');

  step('the detractor\'s owner finds the call-back task on Today');
  assert.equal(await detractorCount(ag), callbacksBefore + 1, 'one more call-back');
  const block = ag.locator('#today-detractors');
  if ((await block.locator('li', { hasText: detractor.name }).count()) === 0) {
    // Older call-backs fill the block's first lines: the full list, newest first, has it.
    await submit(ag, '#today-detractors p a', /\/tasks/);
    await ag.goto(`${base}/tasks?sort=-created`);
    const row = ag.locator('tbody tr', { hasText: detractor.name }).first();
    await row.waitFor();
    assert.match(await row.textContent(), /call-back/i);
  }
  await shot(ag, 'survey-today', false);

  step('a second survey to the segment within the recontact period is throttled, and the log says why');
  const second = await sendNps(`NPS again ${stamp}`);
  assert.equal(await mg.textContent('#sent'), '0', 'nobody was sent a second link');
  const throttled = mg.locator('#send-log tr[data-status=throttled]');
  assert.equal(await throttled.count(), 2);
  for (const c of [promoter, detractor]) {
    const row = throttled.filter({ hasText: c.name });
    const text = await row.textContent();
    assert.match(text, /Surveyed too recently \(recontact throttle\)/);
    assert.match(text, /last surveyed/);
  }
  const log = await getJson(mg, `/api/v1/surveys/${second}`);
  assert.deepEqual(
    log.recipients.map((r) => [r.status, r.reason, Boolean(r.last_surveyed_at)]),
    [
      ['throttled', 'throttled', true],
      ['throttled', 'throttled', true],
    ],
  );
  await shot(mg, 'survey-throttled');
});
