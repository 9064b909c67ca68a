// Screenshots of the issue-14 fixes (audit log, a closed offboarding case, the complaint step
// indicator, the client-fit list) at 1440 and 390 px in en and et, into e2e/out/. Run against a
// running demo: CAREWELL_URL=http://127.0.0.1:8080 node fixes_screens.mjs
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = (process.env.CAREWELL_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const lang of ['en', 'et']) {
    for (const width of [1440, 390]) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'et' ? 'et-EE' : 'en-GB' });
      const page = await ctx.newPage();
      await page.goto(`${base}/login`);
      await page.fill('input[name=email]', 'admin@carewell.test');
      await page.fill('input[name=password]', 'carewell-demo');
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
      const shoot = async (path, name) => {
        await page.goto(`${base}${path}`);
        await page.screenshot({ path: new URL(`./out/fix-${name}-${lang}-${width}.png`, import.meta.url).pathname, fullPage: false });
      };
      await shoot('/audit', 'audit');
      await page.goto(`${base}/offboarding?status=closed`);
      const closed = await page.locator('a[href^="/offboarding/"][href*="-"]').first().getAttribute('href').catch(() => null);
      if (closed) await shoot(closed, 'closed-case');
      await page.goto(`${base}/complaints`);
      const c = await page.locator('a[href^="/complaints/"][href*="-"]').first().getAttribute('href').catch(() => null);
      if (c) await shoot(c, 'complaint-steps');
      await shoot('/client-fit', 'client-fit');
      await ctx.close();
    }
  }
} finally {
  await browser.close();
}
