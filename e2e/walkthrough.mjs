// Walkthrough of every main staff page as the demo admin, in English, 中文 and Eesti, driving
// Debian's chromium through playwright-core. Run through ./run.sh (which starts `carewell demo`),
// or against a running server:  CAREWELL_URL=http://127.0.0.1:8080 node walkthrough.mjs
//
// The pages: the nav sections and their sub-pages, then one level of links from each (the first
// customer, complaint, client-fit review and offboarding case, their edit/messages/offboarding/
// certificate pages, pagers, filters), one page per URL shape. Downloads (CSV/JSON) are fetched
// once. Fails on any HTTP response >= 400, any console or page error, or a raw Fluent message id
// (from crates/app/locales/en/*.ftl) shown as text. Screenshots go to e2e/out/walk-*.png.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { admin, at, base, here, newPage, report, run, setLanguage, shot, signIn, step } from './lib.mjs';

const languages = ['en', 'zh-CN', 'et'];
const maxPages = 60;

// Every message id of the English catalogue: seeing one as text means a missing translation key.
const localesDir = join(here, '..', 'crates', 'app', 'locales', 'en');
const ids = new Set();
for (const f of readdirSync(localesDir).filter((f) => f.endsWith('.ftl'))) {
  for (const line of readFileSync(join(localesDir, f), 'utf8').split('\n')) {
    const m = line.match(/^([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\s*=/);
    if (m) ids.add(m[1]);
  }
}

const sections = [
  '/customers', '/customers/new', '/complaints', '/complaints/new', '/complaints/reports',
  '/client-fit', '/client-fit/settings', '/offboarding', '/offboarding/reports', '/offboarding/settings',
  '/import', '/audit', '/settings/messaging',
];
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const shape = (p) => {
  const u = new URL(p, base);
  return u.pathname.replace(uuid, '{id}') + (u.search ? '?' + [...u.searchParams.keys()].sort().join('&') : '');
};
const isDownload = (p) => /\.(csv|json)(\?|$)/.test(p) || /^\/export(\/|\?|$)/.test(p);
const skip = (p) => /^\/(logout|lang|static|public)\b/.test(p) || p.startsWith('//');

await run('walkthrough', 'walk-failure', async (browser) => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 800 } }, { anyError: true, consoleErrors: () => true });
  const ctx = page.context();

  step(`sign in at ${base} as ${admin.email}`);
  at('en /login');
  await setLanguage(page, 'en');
  await signIn(page, admin);

  // One URL per shape: the sections, what the header nav links to, then one level of links.
  const navLinks = await page.$$eval('header nav a[href]', (as) => as.map((a) => a.getAttribute('href')));
  const pages = [];
  const shapes = new Set();
  const downloads = new Map();
  const add = (p) => {
    if (!p || !p.startsWith('/') || skip(p)) return;
    const path = p.replace(/#.*$/, '');
    if (isDownload(path)) {
      if (!downloads.has(shape(path))) downloads.set(shape(path), path);
      return;
    }
    const s = shape(path);
    if (shapes.has(s) || pages.length >= maxPages) return;
    shapes.add(s);
    pages.push(path);
  };
  [...sections, ...navLinks].forEach(add);
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i];
    at(`en ${p}`);
    await page.goto(base + p);
    const links = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
    links.forEach(add);
  }
  step(`${pages.length} page shapes, ${downloads.size} downloads`);
  if (process.env.WALK_LIST) console.log(pages.map(shape).join('\n'));

  for (const [s, p] of downloads) {
    at(`en ${p}`);
    const r = await ctx.request.get(base + p, { maxRedirects: 0 });
    if (r.status() >= 400) report(`download ${s}: HTTP ${r.status()}`);
  }

  for (const lang of languages) {
    step(`walk in ${lang}`);
    await setLanguage(page, lang);
    for (const p of pages) {
      const label = `${lang} ${p}`;
      at(label);
      const res = await page.goto(base + p, { waitUntil: 'load' });
      if (!res) report('no response');
      const seen = await page.evaluate(() => {
        const bits = [document.title, document.body.innerText];
        for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
          bits.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || '', el.getAttribute('aria-label') || '');
        }
        return { text: bits.join('\n'), lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length };
      });
      const raw = [...new Set(seen.text.match(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g) || [])].filter((t) => ids.has(t));
      if (raw.length) report(`raw message ids shown: ${raw.join(', ')}`);
      if (seen.lang !== lang) report(`<html lang="${seen.lang}">, expected ${lang}`);
      if (seen.h1 === 0) console.log(`  note: ${label} has no <h1>`);
      await shot(page, `walk-${lang}-${shape(p).replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '')}`, false);
    }
  }
});
