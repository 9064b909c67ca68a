// Real-browser test of the global search and the complaint form's customer picker, driving
// Debian's chromium through playwright-core. Run through ./run.sh, or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 node find.mjs
//
// Flow: the demo admin creates a customer → types part of the name in the header's search box,
// picks the suggestion with the keyboard (Arrow Down, Enter) and lands on the customer → files a
// complaint choosing the customer by type-ahead in the form → searches the complaint's reference
// (Enter submits to /search) and opens it → Escape closes the suggestions → without JavaScript
// the picker's "Find" lists the customer to choose. Screenshots of the header with suggestions
// and of /search at 1440 and 390 px in en and zh-CN go to e2e/out/ (find-*.png); at 390 px
// nothing is wider than the screen.

import assert from 'node:assert/strict';
import { base, createCustomer, newPage, run, setLanguage, shot, signIn, stamp, step, submit } from './lib.mjs';

/** Types `text` into `selector` key by key and waits for an option in `list`. */
async function typeAhead(page, selector, list, text) {
  await page.fill(selector, '');
  await page.locator(selector).pressSequentially(text, { delay: 20 });
  await page.waitForSelector(`${list} [role=option]`, { state: 'visible' });
}

async function noOverflow(page, width, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `${what}: the page is ${wide} px wide at ${width} px`);
}

await run('global search and customer picker', 'find-failure', async (browser) => {
  const page = await newPage(browser);
  step(`sign in at ${base}`);
  await signIn(page);

  const name = `Findable Person ${stamp}`;
  const customerUrl = await createCustomer(page, { 'f-name': name, 'f-email': `find.${stamp}@example.com` });
  const customerId = customerUrl.split('/').pop();

  step('the header box suggests the customer as one types; Arrow Down and Enter open it');
  await page.goto(`${base}/complaints`);
  await typeAhead(page, '#find-q', '#find-list', `findable person ${stamp}`);
  assert.equal(await page.getAttribute('#find-q', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#find-q', 'aria-activedescendant');
  assert.ok(active, 'an option is highlighted');
  assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
  assert.match(await page.textContent(`#${active}`), new RegExp(name));
  await Promise.all([page.waitForURL(customerUrl), page.keyboard.press('Enter')]);

  step('Escape closes the suggestions');
  await typeAhead(page, '#find-q', '#find-list', `findable person ${stamp}`);
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#find-q', 'aria-expanded'), 'false');
  assert.ok(await page.isHidden('#find-list'));

  step('file a complaint, choosing the customer by type-ahead');
  await page.goto(`${base}/complaints/new`);
  await typeAhead(page, '#customer-q', '#customer-list', `person ${stamp}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await page.url(), `${base}/complaints/new`, 'Enter chose, it did not submit');
  assert.equal(await page.inputValue('input[name=customer_id]:checked'), customerId);
  await page.selectOption('select[name=category]', 'billing');
  await page.fill('input[name=subject]', `Found by search ${stamp}`);
  await page.fill('textarea[name=description]', 'Chosen with the keyboard from the suggestions.');
  await submit(page, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = page.url();
  const reference = complaintUrl.split('/').pop().slice(-8);
  assert.match(await page.textContent('main'), new RegExp(name));

  step('search the complaint reference: Enter submits to /search, grouped results');
  await page.goto(`${base}/customers`);
  await page.fill('#find-q', `#${reference}`);
  await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#find-q', 'Enter')]);
  const found = page.locator('#found-complaints a', { hasText: `Found by search ${stamp}` });
  assert.equal(await found.count(), 1, 'the complaint is found by its reference');
  await Promise.all([page.waitForURL(complaintUrl), found.click()]);

  step('the reference in the type-ahead too');
  await typeAhead(page, '#find-q', '#find-list', reference);
  assert.match(await page.textContent('#find-list'), new RegExp(`#${reference}`));
  await page.keyboard.press('Escape');

  step('screenshots: the header with suggestions and /search at 1440 and 390 px, en and zh-CN');
  for (const lang of ['en', 'zh-CN']) {
    for (const width of [1440, 390]) {
      const p = await newPage(browser, { viewport: { width, height: 900 } });
      await signIn(p);
      await setLanguage(p, lang);
      await p.goto(`${base}/customers`);
      await noOverflow(p, width, `${lang} /customers`);
      await typeAhead(p, '#find-q', '#find-list', 'ma');
      await p.keyboard.press('ArrowDown');
      await shot(p, `find-header-${lang}-${width}`, false);
      await p.goto(`${base}/search?q=${encodeURIComponent('ma')}`);
      await noOverflow(p, width, `${lang} /search`);
      await shot(p, `find-search-${lang}-${width}`);
      await p.goto(`${base}/complaints/new`);
      await typeAhead(p, '#customer-q', '#customer-list', 'ma');
      await p.keyboard.press('ArrowDown');
      await noOverflow(p, width, `${lang} /complaints/new`);
      await shot(p, `find-picker-${lang}-${width}`, false);
      await p.context().close();
    }
  }

  step('without JavaScript: "Find" lists the matching customers to choose from');
  const plain = await newPage(browser, { javaScriptEnabled: false });
  await signIn(plain);
  await plain.goto(`${base}/complaints/new`);
  await plain.fill('textarea[name=description]', 'Typed before searching.');
  await plain.fill('#customer-q', `findable person ${stamp}`);
  await submit(plain, '#customer-find');
  assert.equal(await plain.inputValue('textarea[name=description]'), 'Typed before searching.');
  await plain.check(`input[name=customer_id][value="${customerId}"]`);
  await submit(plain, 'form[action="/complaints/new"] button[type=submit]', /\/complaints\/[0-9a-f-]{36}$/);
  await shot(plain, 'find-nojs-complaint');
  await plain.goto(`${base}/customers`);
  await plain.fill('#find-q', name);
  await Promise.all([plain.waitForURL(/\/search\?q=/), plain.press('#find-q', 'Enter')]);
  assert.equal(await plain.locator('#found-customers a', { hasText: name }).count(), 1);
});
