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
import { admin, base, newPage, run, shot, signIn, stamp, step, submit } from './lib.mjs';

await run('admin flow', 'admin-failure', async (browser) => {
  const page = await newPage(browser);

  step(`sign in at ${base} as ${admin.email}`);
  await signIn(page, admin);
  // The settings and admin links are under "More".
  await page.click('header nav details.nav-more > summary');
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
  await shot(page, 'admin-users');

  step("an API token on the agent's page (secret shown once)");
  await submit(page, `#user-created a`);
  const userUrl = page.url();
  await page.fill('#token-form input[name=name]', 'nightly export');
  await submit(page, '#token-form button[type=submit]');
  const secret = (await page.textContent('#token-secret')).trim();
  assert.match(secret, /^cw_/);
  const res = await page.request.get(`${base}/api/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(res.status(), 200);
  await shot(page, 'admin-user');

  step('the agent signs in elsewhere and changes their password on My account');
  const other = await newPage(browser, { viewport: undefined });
  await signIn(other, { email: agent, password: initial });
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
  await shot(other, 'admin-account');

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
  await shot(page, 'admin-audit-verify', false);
});
