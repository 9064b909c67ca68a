// Real-browser test of the client-fit review, driving Debian's chromium through playwright-core.
// Run through ./run.sh (which starts `carewell demo`: three part-ways candidates, a manager), or
// against a running demo:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_MANAGER_EMAIL=… CAREWELL_MANAGER_PASSWORD=… node client_fit.mjs
//
// Flow: a manager opens "Client fit" from the navigation → the first row is a part-ways
// candidate → its review shows the seven reasons with evidence and links to the complaints →
// flags a recent interaction as abuse of staff, adds a note, judges unethical requests →
// an empty decision reason is refused with a readable message → records "part ways", which
// opens an offboarding case linked from the review → the review in Chinese and Estonian.
// Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { base, manager, newPage, run, setLanguage, shot, signIn, step, submit, submitForm } from './lib.mjs';

await run('client-fit flow', 'client-fit-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${manager.email}`);
  await signIn(page, manager);

  step('the ranked list puts the part-ways candidates first');
  await submit(page, 'header nav a[href="/client-fit"]', /\/client-fit$/);
  const first = page.locator('#client-fit tbody tr').first();
  assert.equal((await first.locator('[data-recommendation]').textContent()).trim(), 'Part ways');
  await shot(page, 'client-fit-list', false);

  step('the review shows the seven reasons with evidence');
  await Promise.all([page.waitForURL(/\/client-fit\/[0-9a-f-]{36}$/), first.locator('a').first().click()]);
  const review = page.url();
  assert.equal(await page.locator('#reasons tr[data-reason]').count(), 7);
  assert.match(await page.textContent('tr[data-reason="trivial-complaints"]'), /Trivial complaints \(12 months\)/);
  assert.match(await page.textContent('tr[data-reason="staff-abuse"]'), /Serious/);
  assert.ok((await page.locator('#evidence a[href^="/complaints/"]').count()) > 0, 'links to the complaints');
  await shot(page, 'client-fit-review');

  step('flag an interaction, add a note, judge unethical requests');
  const before = await page.locator('#abuse-incidents li').count();
  const candidate = page.locator('#flag-candidates form').first();
  if ((await candidate.count()) > 0) {
    await candidate.locator('input[name=note]').fill('Threatened the agent');
    await Promise.all([page.waitForLoadState('load'), candidate.locator('button[type=submit]').click()]);
    assert.equal(await page.locator('#abuse-incidents li').count(), before + 1);
  }
  await page.locator('#note-form textarea[name=note]').fill('Called the night line again');
  await submitForm(page, '#note-form');
  await page.selectOption('#judgement-form select[name=reason]', 'unethical-requests');
  await page.selectOption('#judgement-form select[name=level]', 'serious');
  await page.locator('#judgement-form textarea[name=note]').fill('Asked us to backdate an invoice');
  await submitForm(page, '#judgement-form');
  assert.match(await page.textContent('tr[data-reason="unethical-requests"]'), /Serious/);
  assert.match(await page.textContent('#history'), /Asked us to backdate an invoice/);

  step('an empty decision reason is refused; part ways opens an offboarding case');
  const csrf = await page.getAttribute('input[name=csrf]', 'value');
  const refused = await page.request.post(`${review}/decision`, { form: { csrf, decision: 'part-ways', note: ' ' } });
  assert.equal(refused.status(), 422);
  // Issue 14: the decision starts on an empty "Choose…", never on "Part ways".
  assert.equal(await page.inputValue('#decision-form select[name=decision]'), '', 'decision starts empty');
  await page.selectOption('#decision-form select[name=decision]', 'part-ways');
  await page.locator('#decision-form textarea[name=note]').fill('Abuse continues; no change expected');
  await submitForm(page, '#decision-form');
  const caseLink = page.locator('#decisions a[href^="/offboarding/"]');
  assert.equal(await caseLink.count(), 1);
  await Promise.all([page.waitForURL(/\/offboarding\/[0-9a-f-]{36}$/), caseLink.click()]);
  await page.goto(review);

  step('the review in Chinese and Estonian');
  for (const [lang, word] of [['zh-CN', '辱骂员工'], ['et', 'Töötajate kuritarvitamine']]) {
    await setLanguage(page, lang);
    await page.goto(review);
    assert.match(await page.textContent('#reasons'), new RegExp(word));
    await shot(page, `client-fit-review-${lang}`, false);
  }
  await setLanguage(page, 'en');
});
