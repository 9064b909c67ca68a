// Real-browser test of the admin area, driving Debian's chromium through playwright-core.
// Run through ./run.sh (which starts `carewell demo`), or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 CAREWELL_EMAIL=… CAREWELL_PASSWORD=… node admin.mjs
//
// Flow: the demo admin adds an agent (password generated, shown once) → gives them an API token
// on their page (secret shown once) → the agent signs in in another browser, sees "My account",
// changes their password → the admin makes them a compliance officer, then deactivates them:
// the agent's open page goes to the sign-in form and the token is refused → the only active
// admin tries to step down and sees the refusal → the audit page's "Verify chain" action. Screenshots go to e2e/out/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

const base = (process.env.CAREWELL_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const email = process.env.CAREWELL_EMAIL || 'admin@carewell.test';
const password = process.env.CAREWELL_PASSWORD || 'carewell-demo';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const stamp = Date.now().toString(36);

const step = (msg) => console.log(`• ${msg}`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
});

const problems = [];
function watch(page) {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500 || r.status() === 404) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
}

async function submit(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}

async function signIn(page, who, pw) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', who);
  await page.fill('input[name=password]', pw);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
}

let failed = false;
try {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1320, height: 1000 } });
  const page = await ctx.newPage();
  watch(page);

  step(`sign in at ${base} as ${email}`);
  await signIn(page, email, password);
  await submit(page, 'header nav a[href="/admin/users"]');
  assert.match(await page.textContent('h1'), /Staff users/);

  step('add an agent with a generated password (shown once)');
  const agent = `agent.${stamp}@example.com`;
  await page.fill('#add-user-form input[name=email]', agent);
  await page.fill('#add-user-form input[name=name]', 'Aino Agent');
  await page.selectOption('#add-user-form select[name=role]', 'agent');
  await submit(page, '#add-user-form button[type=submit]');
  const initial = (await page.textContent('#generated-password')).trim();
  assert.equal(initial.length, 20);
  await page.screenshot({ path: join(out, 'admin-users.png'), fullPage: true });

  step("an API token on the agent's page (secret shown once)");
  await submit(page, `#user-created a`);
  const userUrl = page.url();
  await page.fill('#token-form input[name=name]', 'nightly export');
  await submit(page, '#token-form button[type=submit]');
  const secret = (await page.textContent('#token-secret')).trim();
  assert.match(secret, /^cw_/);
  const res = await page.request.get(`${base}/api/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(res.status(), 200);
  await page.screenshot({ path: join(out, 'admin-user.png'), fullPage: true });

  step('the agent signs in elsewhere and changes their password on My account');
  const other = await (await browser.newContext({ locale: 'en-US' })).newPage();
  watch(other);
  await signIn(other, agent, initial);
  await submit(other, 'header nav a[href="/account"]');
  assert.equal(await other.locator('header nav a[href="/admin/users"]').count(), 0);
  await other.fill('#password-form input[name=current]', 'not-my-password');
  await other.fill('#password-form input[name=new]', 'a-new-password-1');
  await other.fill('#password-form input[name=confirm]', 'a-new-password-1');
  await submit(other, '#password-form button[type=submit]');
  assert.match(await other.textContent('#account-error'), /current password is not correct/);
  await other.fill('#password-form input[name=current]', initial);
  await other.fill('#password-form input[name=new]', 'a-new-password-1');
  await other.fill('#password-form input[name=confirm]', 'a-new-password-1');
  await submit(other, '#password-form button[type=submit]');
  await other.locator('#password-changed').waitFor();
  await other.screenshot({ path: join(out, 'admin-account.png'), fullPage: true });

  step('role change, then deactivation: the session ends and the token is refused');
  await page.goto(userUrl);
  await page.selectOption('#role-form select[name=role]', 'compliance');
  await submit(page, '#role-form button[type=submit]');
  assert.equal(await page.getAttribute('#user-details', 'data-role'), 'compliance');
  await submit(page, '#active-form button[type=submit]');
  assert.equal(await page.getAttribute('#user-details', 'data-active'), 'false');
  await other.goto(`${base}/account`);
  assert.match(new URL(other.url()).pathname, /^\/login/);
  const refused = await page.request.get(`${base}/api/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(refused.status(), 401);

  step('the last active admin cannot step down');
  await page.goto(`${base}/admin/users`);
  const activeAdmins = await page.locator('#users tr[data-role="admin"][data-active="true"]').count();
  if (activeAdmins === 1) {
    await submit(page, `#users tr[data-role="admin"][data-active="true"] a`);
    await page.selectOption('#role-form select[name=role]', 'viewer');
    await submit(page, '#role-form button[type=submit]');
    assert.match(await page.textContent('#admin-error'), /last active administrator/);
  } else {
    console.log(`  (skipped: ${activeAdmins} active admins)`);
  }

  step('audit: Verify chain');
  await page.goto(`${base}/audit`);
  await submit(page, '#verify-form button[type=submit]');
  assert.equal(await page.getAttribute('#verify-result', 'data-ok'), 'true');
  assert.match(await page.textContent('#verify-result'), /every hash matches/);
  await page.screenshot({ path: join(out, 'admin-audit-verify.png'), fullPage: false });

  assert.deepEqual(problems, [], 'no page errors, 404s or 5xx');
  console.log(`ok: admin flow passed; screenshots in ${out}`);
} catch (e) {
  failed = true;
  console.error('FAILED:', e?.message ?? e);
  if (problems.length) console.error(problems.join('\n'));
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await pages[0].screenshot({ path: join(out, 'admin-failure.png'), fullPage: true });
  } catch {
    // best effort
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
