// Real-browser test of departure care (issue 16), driving Debian's chromium through
// playwright-core. Run through ./run.sh (which starts `carewell demo`: three weekly scoring
// runs already made), or against a running demo:
//   CAREWELL_URL=http://127.0.0.1:8080 node retention.mjs
//
// Flow: a manager opens "Retention" from the navigation → starts a scoring run from the form →
// the page says a run is in progress until the background job has finished it → the care list
// is ordered by value at risk → the top customer's page shows the churn-risk panel with its
// reasons → the same reasons in Chinese and in Estonian → the model page shows the parameters
// and the holdout chart. Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { base, manager, newPage, run, setLanguage, shot, signIn, step, submit } from './lib.mjs';

const money = (s) => Number(s.replace(/[^0-9.,-]/g, '').replace(/,/g, ''));

await run('retention flow', 'retention-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${manager.email}`);
  await signIn(page, manager);
  await setLanguage(page, 'en');

  step('start a scoring run from the care list');
  await page.goto(`${base}/today`);
  await submit(page, 'header nav a[href="/retention"]', /\/retention$/);
  await page.click('#run-form summary');
  await page.fill('#run-form input[name=holdout_days]', '60');
  await submit(page, '#run-start', /\/retention\?started=1$/);
  assert.equal(await page.locator('#run-errors').count(), 0);

  step('the background job finishes the run');
  let done = false;
  for (let i = 0; i < 60 && !done; i++) {
    await page.goto(`${base}/retention`);
    done = (await page.locator('#run-active').count()) === 0;
    if (!done) await page.waitForTimeout(500);
  }
  assert.ok(done, 'the run finished within 30 s');
  await page.goto(`${base}/retention/model`);
  const latest = page.locator('#runs tbody tr').first();
  assert.equal(await latest.getAttribute('data-status'), 'done');
  assert.equal((await latest.locator('td').nth(5).textContent()).trim(), manager.email);
  assert.ok((await page.locator('#params tr').count()) >= 4, 'the parameters are shown');
  assert.ok((await page.locator('#holdout-chart rect').count()) >= 2, 'the holdout chart is drawn');
  await shot(page, 'retention-model');

  step('the care list is ordered by value at risk');
  await page.goto(`${base}/retention`);
  const rows = page.locator('#at-risk tbody tr');
  assert.ok((await rows.count()) >= 10);
  const vars = [];
  for (let i = 0; i < 10; i++) vars.push(money(await rows.nth(i).locator('td').nth(4).textContent()));
  for (let i = 1; i < vars.length; i++) assert.ok(vars[i - 1] >= vars[i], `ordered: ${vars}`);
  await shot(page, 'retention-list', false);

  step('the top customer shows the churn risk and its reasons');
  await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}/), rows.first().locator('a').first().click()]);
  const customer = page.url().replace(/#.*$/, '');
  assert.equal(await page.locator('#risk').count(), 1);
  const en = (await page.locator('#risk-reasons li').allTextContents()).map((t) => t.trim());
  assert.ok(en.length >= 1, 'reasons are listed');
  assert.ok(en.every((t) => /[a-z]/.test(t) && !t.includes('risk-reason-')), `English reasons: ${en}`);
  await shot(page, 'retention-customer-en', false);

  step('the reasons in Chinese and in Estonian');
  await setLanguage(page, 'zh-CN');
  await page.goto(customer);
  const zh = (await page.locator('#risk-reasons li').allTextContents()).map((t) => t.trim());
  assert.equal(zh.length, en.length);
  assert.ok(zh.every((t) => /[\u4e00-\u9fff]/.test(t)), `Chinese reasons: ${zh}`);
  assert.match(await page.textContent('#h-risk'), /流失风险/);
  await shot(page, 'retention-customer-zh', false);
  await setLanguage(page, 'et');
  await page.goto(customer);
  const et = (await page.locator('#risk-reasons li').allTextContents()).map((t) => t.trim());
  assert.equal(et.length, en.length);
  assert.ok(et.every((t, i) => t !== en[i] && !t.includes('risk-reason-')), `Estonian reasons: ${et}`);
  assert.match(await page.textContent('#h-risk'), /Lahkumisrisk/);
  await shot(page, 'retention-customer-et', false);
  await setLanguage(page, 'en');
});
