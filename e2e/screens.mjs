// Screenshot review of the main pages at 1440 px and 390 px wide, in English, 中文 and Eesti, as
// the demo admin (and a customer page as the customer sees it). The images go to
// e2e/out/screens/ for people to look at; what a machine can judge fails the run:
//   - the page is wider than the window (something outside its scroll wrapper),
//   - a table cell in a narrow column breaks Chinese one character per line,
//   - the first Tab does not land on the skip link, or a focused field shows no focus ring,
//   - at 1440 px the header navigation takes more than one line (or a line of its own below
//     the brand).
// Run through ./run.sh, or against a running server:
//   CAREWELL_URL=http://127.0.0.1:8080 node screens.mjs

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { admin, at, base, newPage, out, report, run, setLanguage, signIn, step } from './lib.mjs';

const dir = join(out, 'screens');
mkdirSync(dir, { recursive: true });
const languages = ['en', 'zh-CN', 'et'];
const widths = [1440, 390];
const pages = [
  '/today', '/segments', '/surveys', '/retention', '/retention/model', '/retention/settings', '/customers', '/complaints', '/client-fit', '/offboarding', '/audit', '/account',
  '/settings/messaging', '/complaints/new', '/customers/new',
];

/** What is wrong with the layout of the open page, as text (empty when nothing). */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const found = [];
    const doc = document.scrollingElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      // Name the widest element that sticks out, to say where to look.
      let worst = null;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && (!worst || r.width > worst.getBoundingClientRect().width)) {
          if (!el.closest('.table-wrap')) worst = el;
        }
      }
      const what = worst ? `${worst.tagName.toLowerCase()}${worst.id ? '#' + worst.id : ''}.${[...worst.classList].join('.')}` : '?';
      found.push(`page ${doc.scrollWidth}px wide in a ${window.innerWidth}px window (${what})`);
    }
    const nav = document.querySelector('header.top nav');
    const brand = document.querySelector('header.top .brand');
    if (window.innerWidth >= 1440 && nav && brand) {
      const links = [...nav.children].filter((el) => el.getClientRects().length);
      const tops = new Set(links.map((el) => Math.round(el.getBoundingClientRect().top)));
      if (tops.size > 1 || nav.getBoundingClientRect().top >= brand.getBoundingClientRect().bottom) {
        found.push(`the header navigation wraps (${tops.size} lines, below the brand: ${nav.getBoundingClientRect().top >= brand.getBoundingClientRect().bottom})`);
      }
    }
    if (document.documentElement.lang === 'zh-CN') {
      for (const td of document.querySelectorAll('td, th')) {
        const text = td.innerText.trim();
        const lines = td.getClientRects().length ? Math.round(td.clientHeight / parseFloat(getComputedStyle(td).lineHeight || '20')) : 0;
        if (text.length >= 4 && text.length <= 12 && td.clientWidth < 2.2 * parseFloat(getComputedStyle(td).fontSize) && lines > 2) {
          found.push(`a ${td.clientWidth}px column breaks "${text}" per character`);
          break;
        }
      }
    }
    return found;
  });
}

await run('screens', 'screens-failure', async (browser) => {
  for (const width of widths) {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    at(`${width}px /login`);
    await setLanguage(page, 'en');
    await signIn(page, admin);
    for (const lang of languages) {
      await setLanguage(page, lang);
      for (const path of pages) {
        at(`${lang} ${width}px ${path}`);
        const res = await page.goto(`${base}${path}`);
        if (!res || res.status() >= 400) {
          report(`HTTP ${res && res.status()}`);
          continue;
        }
        for (const p of await layoutProblems(page)) report(p);
        const name = `${path.replace(/^\//, '').replace(/[/?=&]+/g, '-') || 'home'}-${lang}-${width}`;
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      }
      // The first pages of the lists' records, too.
      for (const list of ['/complaints', '/customers']) {
        await page.goto(`${base}${list}`);
        const href = await page.$eval(`main table a[href^="${list}/"]`, (a) => a.getAttribute('href')).catch(() => null);
        if (!href) continue;
        at(`${lang} ${width}px ${list}/{id}`);
        await page.goto(`${base}${href}`);
        for (const p of await layoutProblems(page)) report(p);
        await page.screenshot({ path: join(dir, `${list.slice(1)}-record-${lang}-${width}.png`), fullPage: true });
      }
    }
    step(`${width}px: ${pages.length + 2} pages × ${languages.length} languages`);

    // Keyboard: the first Tab lands on the skip link, which takes focus to the content.
    at(`${width}px keyboard`);
    await setLanguage(page, 'en');
    await page.goto(`${base}/customers`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement && document.activeElement.className);
    if (first !== 'skip-link') report(`first Tab lands on "${first}", not the skip link`);
    await page.keyboard.press('Enter');
    const inMain = await page.evaluate(() => document.activeElement && document.activeElement.id);
    if (inMain !== 'main') report(`the skip link leads to "${inMain}", not the content`);
    // A focused field shows a ring that can be seen (not the faint one the review found).
    await page.focus('main input[type=search], main input:not([type=hidden])');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { shadow: s.boxShadow, outline: s.outlineStyle + ' ' + s.outlineWidth };
    });
    if ((ring.shadow === 'none' || /rgb\(230, 241, 238\)/.test(ring.shadow)) && ring.outline.startsWith('none')) {
      report(`focus ring barely visible: ${JSON.stringify(ring)}`);
    }
    await page.context().close();
  }
  step('customer-facing 404 carries no way to the staff sign-in');
  const cp = await newPage(browser, { viewport: { width: 390, height: 800 } }, { allowed: ['/public/'] });
  at('customer 404');
  await cp.goto(`${base}/public/conversation/not-a-real-link`);
  const links = await cp.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  if (links.some((h) => h === '/' || h.startsWith('/login'))) report(`customer error page links to staff pages: ${links}`);
  for (const p of await layoutProblems(cp)) report(p);
  await cp.screenshot({ path: join(dir, 'customer-404-390.png'), fullPage: true });
  await cp.context().close();
});
