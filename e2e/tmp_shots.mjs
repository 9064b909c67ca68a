import { launch, newPage, signIn, setLanguage, submit, base } from './lib.mjs';
const browser = await launch();
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const page = await newPage(browser, { viewport: { width: w, height: h } });
  await signIn(page);
  for (const lang of ['en', 'zh-CN', 'et']) {
    await setLanguage(page, lang);
    await page.goto(base + '/complaints');
    const href = await page.locator('table a[href^="/complaints/"]').first().getAttribute('href');
    await page.goto(base + href);
    await submit(page, '#issue-satisfaction-link');
    const el = page.locator('#satisfaction-link');
    await el.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shot-${lang}-${w}.png`, fullPage: false });
  }
  await page.close();
}
await browser.close();
