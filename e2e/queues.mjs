// Real-browser test of the sortable queues, driving Debian's chromium through playwright-core.
// Run through ./run.sh, or against a running demo:
//   CAREWELL_URL=http://127.0.0.1:8080 node queues.mjs
//
// Flow, as the demo agent (agent.en@carewell.test): the complaint list sorts by SLA due (the
// header link, aria-sort, deadlines in order, unset ones last) and back; "assigned to me" shows
// only the agent's complaints (every row's owner is the agent) and keeps the sort; "unassigned"
// shows only unowned ones; the list has no task block. Screenshots of /complaints and /customers at
// 1440 and 390 px wide in en and zh-CN go to e2e/out/ (tables scroll inside their wrapper; the page
// itself never overflows).

import assert from 'node:assert/strict';
import { base, newPage, run, setLanguage, shot, signIn, step } from './lib.mjs';

const agent = {
  email: process.env.CAREWELL_AGENT_EMAIL || 'agent.en@carewell.test',
  password: process.env.CAREWELL_AGENT_PASSWORD || 'carewell-demo',
};

async function noPageOverflow(page, label) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client + 1, `${label}: the page is ${scroll} px wide in a ${client} px window`);
}

await run('sortable queues', 'queues-failure', async (browser) => {
  const page = await newPage(browser, { viewport: { width: 1440, height: 1000 } });
  step(`sign in at ${base} as ${agent.email}`);
  await signIn(page, agent);

  step('the complaint list sorts by SLA due through its header');
  await page.goto(`${base}/complaints?status=`);
  assert.equal(await page.locator('#open-tasks').count(), 0, 'no task block above the list');
  await Promise.all([page.waitForLoadState('load'), page.click('th[data-col="sla_due"] a.sort')]);
  assert.match(page.url(), /sort=sla_due/);
  assert.equal(await page.getAttribute('th[data-col="sla_due"]', 'aria-sort'), 'ascending');
  const dues = await page.$$eval('#complaints tbody tr td.sla-due time', (ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.ok(dues.length > 0, 'some complaints have a running clock');
  assert.deepEqual(dues, [...dues].sort(), 'deadlines ascending');
  // Rows without a deadline (paused, resolved) come after every row with one.
  const hasDue = await page.$$eval('#complaints tbody tr td.sla-due', (tds) => tds.map((t) => !!t.querySelector('time')));
  assert.ok(hasDue.indexOf(false) === -1 || hasDue.lastIndexOf(true) < hasDue.indexOf(false), 'no deadline last');
  await Promise.all([page.waitForLoadState('load'), page.click('th[data-col="sla_due"] a.sort')]);
  assert.equal(await page.getAttribute('th[data-col="sla_due"]', 'aria-sort'), 'descending');

  step('"assigned to me" shows only the agent\'s complaints and keeps the sort');
  await page.selectOption('#owner-filter', 'me');
  await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type=submit]')]);
  assert.match(page.url(), /owner=me/);
  assert.match(page.url(), /sort=-sla_due/);
  const owners = await page.$$eval('#complaints tbody tr td.owner', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(owners.length > 0, 'the demo agent owns complaints');
  assert.ok(owners.every((o) => o === 'Tom Walsh'), `only mine: ${owners.join(', ')}`);

  step('"unassigned" shows only unowned complaints');
  await page.selectOption('#owner-filter', 'none');
  await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type=submit]')]);
  const unowned = await page.$$eval('#complaints tbody tr td.owner', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(unowned.every((o) => o === 'Unassigned'), `only unassigned: ${unowned.join(', ')}`);

  step('the customer list sorts by last contact, newest first');
  await page.goto(`${base}/customers`);
  await Promise.all([page.waitForLoadState('load'), page.click('th[data-col="last_contact"] a.sort')]);
  assert.match(page.url(), /sort=-last_contact/);
  assert.equal(await page.getAttribute('th[data-col="last_contact"]', 'aria-sort'), 'descending');
  const contacts = await page.$$eval('#customers tbody tr td.last-contact', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(contacts.some((c) => c), 'demo customers have contacts');
  const shown = contacts.filter((c) => c);
  assert.deepEqual(shown, [...shown].sort().reverse(), 'newest contact first');
  assert.ok(contacts.indexOf('') === -1 || contacts.slice(contacts.indexOf('')).every((c) => !c), 'never contacted last');
  if (await page.locator('a[rel=next]').count()) {
    await Promise.all([page.waitForLoadState('load'), page.click('a[rel=next]')]);
    assert.match(page.url(), /cursor=/);
    assert.match(page.url(), /sort=-last_contact/);
  }

  step('screenshots at 1440 and 390 px in en and zh-CN; nothing overflows the page');
  for (const lang of ['en', 'zh-CN']) {
    await setLanguage(page, lang);
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const [path, name] of [['/complaints?sort=sla_due', 'complaints'], ['/customers', 'customers']]) {
        await page.goto(`${base}${path}`);
        await noPageOverflow(page, `${lang} ${path} at ${width}`);
        await shot(page, `queues-${name}-${lang}-${width}`, width === 390);
      }
    }
  }
  await setLanguage(page, 'en');
});
