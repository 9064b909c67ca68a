// Tasks in a real browser: the demo agent opens /tasks from the navigation, sees an overdue task
// marked as overdue (red badge, due time), marks it done, and the navigation's "tasks due" count
// drops. Then /tasks at 1440 px and 390 px in English and Chinese (screenshots in e2e/out/) with
// nothing wider than the window.
//
//   CAREWELL_URL=http://127.0.0.1:8080 node e2e/tasks.mjs

import assert from 'node:assert/strict';
import { at, base, newPage, run, setLanguage, shot, signIn, step } from './lib.mjs';

const agent = {
  email: process.env.CAREWELL_AGENT_EMAIL || 'agent.en@carewell.test',
  password: process.env.CAREWELL_AGENT_PASSWORD || 'carewell-demo',
};

/** The "tasks due" badge's number once /nav/counts has filled it in (0 when hidden). */
async function dueCount(page) {
  await page.waitForSelector('#nav-count-tasks[hx-swap-oob], #nav-count-tasks:not([hidden])', { state: 'attached' });
  await page.waitForFunction(() => {
    const b = document.querySelector('#nav-count-tasks');
    return b && (b.hidden || b.textContent.trim() !== '');
  });
  return page.$eval('#nav-count-tasks', (b) => {
    if (b.hidden) return 0;
    const n = b.querySelector('[aria-hidden]')?.textContent.trim() ?? '0';
    return n.endsWith('+') ? 100 : Number(n);
  });
}

await run('tasks', 'tasks-failure', async (browser) => {
  const page = await newPage(browser, { viewport: { width: 1440, height: 1000 } });
  at('agent /tasks');
  step(`sign in as ${agent.email}`);
  await signIn(page, agent);
  await setLanguage(page, 'en');
  await page.goto(`${base}/customers`);
  step('the navigation has Tasks with a count of tasks due');
  const before = await dueCount(page);
  await Promise.all([page.waitForURL(/\/tasks$/), page.click('header nav a[href="/tasks"]')]);
  assert.equal(await page.getAttribute('header nav a[href="/tasks"]', 'aria-current'), 'page');
  assert.equal(await dueCount(page), before);

  step('an overdue task is marked as overdue, with its due time');
  const overdue = page.locator('#tasks tbody tr[data-due="overdue"]').first();
  assert.ok((await overdue.count()) > 0, 'the demo agent has an overdue task');
  assert.ok(before >= 1, `an overdue task counts as due (count ${before})`);
  const badge = overdue.locator('td.due .badge');
  assert.equal((await badge.textContent()).trim(), 'Overdue');
  const red = await badge.evaluate((b) => getComputedStyle(b).color);
  assert.notEqual(red, await page.$eval('body', (b) => getComputedStyle(b).color), 'the badge is coloured');
  assert.match(await overdue.locator('td.due time').textContent(), /\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  const title = (await overdue.locator('td').first().textContent()).replace(/\s+/g, ' ').trim();
  assert.doesNotMatch(title, /follow-up-visit|sla-breach|sla-warning|escalation\b|offboarding-follow-up/, 'no raw slug');
  assert.doesNotMatch(title, /(Follow-up visit).*\1/, 'no doubled prefix');
  await shot(page, 'tasks-en-1440');

  step('mark it done: it leaves the open list and the count drops');
  const id = await overdue.getAttribute('data-task');
  await Promise.all([page.waitForURL(/\/tasks/), overdue.locator('form button[type=submit]').click()]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator(`#tasks tr[data-task="${id}"]`).count(), 0, 'done tasks leave the open list');
  assert.equal(await dueCount(page), before - 1);
  await page.goto(`${base}/tasks?status=done`);
  assert.equal(await page.locator(`#tasks tr[data-task="${id}"]`).count(), 1, 'and show under Done');

  step('sort by customer, descending, through the header');
  await page.goto(`${base}/tasks`);
  await Promise.all([page.waitForURL(/sort=customer/), page.click('th[data-col="customer"] a')]);
  assert.equal(await page.getAttribute('th[data-col="customer"]', 'aria-sort'), 'ascending');

  for (const lang of ['en', 'zh-CN']) {
    for (const width of [1440, 390]) {
      at(`${lang} ${width}px /tasks`);
      await page.setViewportSize({ width, height: 900 });
      await setLanguage(page, lang);
      await page.goto(`${base}/tasks`);
      await dueCount(page);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width + 1, `${lang} at ${width}px: the page is ${wide}px wide`);
      await shot(page, `tasks-${lang}-${width}`, width > 390);
    }
  }
  await setLanguage(page, 'en');
});
