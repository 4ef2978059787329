// publish.mjs: the browser test of the editors' admin. In headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) an editor signs
// in, enters the Migrants Day statement in the "New statement" form,
// previews it, goes back, saves it published; then a visitor with no
// cookies finds it on /news and reads it, switches the seed's statement
// (English only) to Hungarian and finds it marked as English inside the
// Hungarian page, and the menu is checked at a phone's width.
//
// Usage: node publish.mjs BASE_URL [OUTPUT_DIR]
//   BASE_URL     http://127.0.0.1:PORT of a server with the account
//                $WP_USER / $WP_PASSWORD (default editor1 /
//                editor-password-123)
//   OUTPUT_DIR   where the screenshots go (default: a new temporary folder)
// Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
// N failed"; exits 1 when a check failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, launch, run, signIn, watch } from './checks.mjs';

const STEP_TIMEOUT = 15000;     // ms, each page action
const TOTAL_TIMEOUT = 180000;   // ms, the whole test, whatever hangs

const TITLE = 'International Migrants Day Statement, IOM Director General ' +
    'António Vitorino: “Harnessing the Potential of Human Mobility” ' +
    '(test copy)';
const DATELINE = 'Geneva';
const DATE = '2021-12-17';
const SUMMARY = 'On International Migrants Day, IOM Director General ' +
    'António Vitorino calls on governments to move from words to action ' +
    'and include all migrants in their recovery plans.';
const CLOSING = 'Together we can realize the full potential of human ' +
    'mobility.';
// The statement's paragraphs, as in the seed and sql/seed.sql: the
// dateline leads the first one.
const PARAGRAPHS = [
  'Geneva – International Migrants Day this year falls almost exactly 70 ' +
    'years ' +
    'after the Brussels conference that led to the establishment of the ' +
    'International Organization for Migration.',
  'Over these seven decades we have provided assistance to millions of ' +
    'migrants worldwide and worked tirelessly with our member states to ' +
    'ensure migration is managed in a safe, orderly and dignified manner.',
  'As the Organization has evolved, so too has the face of human mobility.',
  'Beyond the images of closed borders, separated families and economic ' +
    'instability, the now two-year-old global pandemic has spawned a new ' +
    'wave of anti-migrant sentiment and the increasing instrumentalization ' +
    'of migrants as tools in state policy.',
  'Both are unacceptable.',
  'So too is the relative impunity with which unscrupulous people ' +
    'smugglers operate along migration routes worldwide. The rule of law ' +
    'must be observed and action taken to combat those who exploit people ' +
    'at their most vulnerable.',
  'The response to COVID-19 has forcefully underlined the importance of ' +
    'migrant workers in keeping us all safe.',
  'The positive social and economic impact in the countries where they ' +
    'reside, and the USD 540 billion remitted last year to communities in ' +
    'lower and middle-income countries are measures of the industry, ' +
    'entrepreneurship and community from which we all benefit.',
  'But, in order to realize the full potential of human mobility, two ' +
    'things must happen.',
  'Governments must move from words to action and include migrants ' +
    'regardless of their legal status, in their social and economic ' +
    'recovery plans.',
  'And, we must renew our commitment to reinforcing legal channels for ' +
    'migration that balance and respect both national sovereignty and the ' +
    'human rights of people on the move.',
  'A comprehensive approach requires that we leave aside the defensive ' +
    'posturing that too often victimizes people along their migratory ' +
    'journeys.',
  'It requires our immediate collective efforts and commitment to create ' +
    'policies that maximize the potential of migration for all while ' +
    'ensuring the fundamental human rights of migrants are protected.',
  'The International Migration Review Forum in May will provide an ' +
    'opportunity to review progress on the implementation of the Global ' +
    'Compact for Safe, Orderly and Regular Migration, which provides a ' +
    'framework to address the challenges associated with migration, while ' +
    'strengthening the contribution of migrants and migration to human ' +
    'development.',
  CLOSING,
];
const BODY = PARAGRAPHS.join('\n\n');
const LEAD = 'Geneva – International Migrants Day this year falls';
// The seed's menu: its top level, in order.
const TOP_MENU = ['Who We Are', 'Our Work', 'Data and Resources',
  'Take Action', '2030 Agenda'];

// The seed's statement, in English only, and the Hungarian menu's top level.
const SEED_STATEMENT = '/news/international-migrants-day-statement-iom-' +
    'director-general-antonio-vitorino-harnessing-potential-human-mobility';
const TOP_MENU_HU = ['Kik vagyunk', 'Munkánk', 'Adat és források',
  'Cselekedj!', '2030 Agenda'];

// The visible text of the page, white space collapsed.
async function textOf(page) {
  const t = await page.locator('body').innerText({ timeout: STEP_TIMEOUT });
  return t.replace(/\s+/g, ' ');
}

// Sets the status field, a <select> or radio buttons.
async function setStatus(page, value) {
  const select = page.locator('select[name="status"]');
  if (await select.count()) {
    await select.selectOption(value);
    return;
  }
  await page.locator(`input[name="status"][value="${value}"]`).check();
}

async function fieldValue(page, name) {
  const f = page.locator(`[name="${name}"]`).first();
  if (!(await f.count()))
    return null;
  return f.inputValue({ timeout: STEP_TIMEOUT });
}

async function fillForm(page) {
  await page.locator('[name="title"]').fill(TITLE);
  await page.locator('[name="dateline"]').fill(DATELINE);
  await page.locator('[name="date"]').fill(DATE);
  await page.locator('[name="summary"]').fill(SUMMARY);
  await page.locator('[name="body"]').fill(BODY);
  await setStatus(page, 'published');
}

// Back on the form after the preview: the browser kept the text, or
// admin.js put it back (maybe when asked to, with a button or a link).
async function formAfterBack(page) {
  const deadline = Date.now() + 5000;
  let clicked = false;
  while (Date.now() < deadline) {
    if ((await fieldValue(page, 'title')) === TITLE)
      return true;
    const restore = page.getByRole('button', { name: /restore/i })
        .or(page.getByRole('link', { name: /restore/i }));
    if (!clicked && (await restore.count())) {
      await restore.first().click();
      clicked = true;
    }
    await page.waitForTimeout(200);
  }
  return false;
}

async function editor(browser, base, out, user, password) {
  const ctx = await browser.newContext({ viewport: { width: 1280,
    height: 900 } });
  const problems = [];
  let page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  watch(page, problems);

  await page.goto(`${base}/admin/login`);
  await signIn(page, user, password);
  if (!check('editor signs in', new URL(page.url()).pathname === '/admin',
      `at ${page.url()}`))
    return null;

  await page.goto(`${base}/admin/news`);
  const link = page.getByRole('link', { name: /new statement/i });
  if (check('"New statement" link on /admin/news', await link.count(),
      'no such link')) {
    await Promise.all([page.waitForURL(/\/admin\/news\/new$/),
      link.first().click()]);
  } else {
    await page.goto(`${base}/admin/news/new`);
  }
  check('the New statement form', new URL(page.url()).pathname ===
      '/admin/news/new' && await page.locator('[name="title"]').count(),
      `at ${page.url()}`);

  await fillForm(page);
  await page.screenshot({ path: path.join(out, 'form.png'),
    fullPage: true });
  check('screenshot of the filled form', fs.existsSync(path.join(out,
      'form.png')));

  // The form POSTs to /admin/news; the preview answers there, in this
  // tab or in a new one (formtarget).
  const button = page.locator('[name="action"][value="preview"]').first();
  const target = await button.getAttribute('formtarget');
  let shown = page;
  if (target && target !== '_self') {
    [shown] = await Promise.all([ctx.waitForEvent('page'), button.click()]);
    watch(shown, problems);
    await shown.waitForURL(/\/admin\/news$/);
  } else {
    await Promise.all([page.waitForURL(/\/admin\/news$/), button.click()]);
  }
  const preview = await textOf(shown);
  check('preview shows the title', preview.includes(TITLE),
      preview.slice(0, 200));
  check('preview shows the closing sentence', preview.includes(CLOSING));
  // Case aside: the stylesheet may set the dateline in capitals.
  check('preview shows the dateline', preview.toLowerCase().includes(
      DATELINE.toLowerCase()));
  await shown.screenshot({ path: path.join(out, 'preview.png'),
    fullPage: true });

  // Back to the form: close the preview's tab, or go back in this one.
  if (shown !== page) {
    await shown.close();
    await page.bringToFront();
  } else {
    await page.goBack({ waitUntil: 'load' });
  }
  check('back from the preview: the form still holds the title',
      await formAfterBack(page), `title is ${
        JSON.stringify(await fieldValue(page, 'title'))}`);
  check('back from the preview: the form still holds the body',
      await holdsBody(page));

  // A closed tab: the form opened afresh offers the typed text back
  // (admin.js keeps a copy in local storage), and it is whole.
  await page.close();
  page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  watch(page, problems);
  await page.goto(`${base}/admin/news/new`);
  const offer = page.getByRole('button', { name: /restore/i });
  await offer.first().waitFor({ timeout: 5000 }).catch(() => {});
  if (check('tab closed and the form opened again: the unsaved text '
      + 'offered back', await offer.count(), 'no restore button'))
    await offer.first().click();
  const kept = {
    title: TITLE, dateline: DATELINE, date: DATE, summary: SUMMARY,
  };
  for (const [name, want] of Object.entries(kept)) {
    const got = await fieldValue(page, name);
    check(`restored: ${name}`, got === want, JSON.stringify(got));
  }
  check('restored: body', await holdsBody(page));
  check('restored: status published',
      (await fieldValue(page, 'status')) === 'published' ||
      await page.locator('input[name="status"][value="published"]')
          .isChecked().catch(() => false));
  // Whatever was lost, the save below needs the whole statement.
  await fillForm(page);

  await Promise.all([
    page.waitForURL(/\/admin\/news\/\d+\/edit$/),
    page.locator('[name="action"][value="save"]').first().click(),
  ]);
  check('saved: on the edit page', /\/admin\/news\/\d+\/edit$/.test(
      page.url()), page.url());
  check('saved: "Saved." shown', (await textOf(page)).includes('Saved.'));
  check('no script error or CSP violation on the admin pages',
      problems.length === 0, problems.join('; '));
  await ctx.close();
  return true;
}

async function holdsBody(page) {
  const body = await fieldValue(page, 'body');
  return body !== null && body.replace(/\r\n/g, '\n') === BODY;
}

async function visitor(browser, base, out) {
  const ctx = await browser.newContext({ viewport: { width: 1280,
    height: 900 } });
  check('visitor: a new context without cookies',
      (await ctx.cookies()).length === 0);
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const problems = [];
  watch(page, problems);
  await page.goto(`${base}/news`);
  let link = null;
  for (let i = 0; i < 5; i++) {
    const l = page.locator('a', { hasText: TITLE });
    if (await l.count()) {
      link = l.first();
      break;
    }
    const next = page.locator('a[rel="next"]');
    if (!(await next.count()))
      break;
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before),
      next.first().click()]);
  }
  if (!check('visitor: the statement is listed on /news', link,
      'no link with its title'))
    return;
  await Promise.all([page.waitForURL(/\/news\/[a-z0-9-]+$/), link.click()]);
  const h1 = (await page.locator('h1').first().innerText()).trim();
  check('visitor: the title in the h1', h1 === TITLE, h1);
  const text = await textOf(page);
  check(`visitor: reads "${CLOSING}"`, text.includes(CLOSING));
  check('visitor: 17 December 2021', text.includes('17 December 2021'));
  check('visitor: dateline Geneva', text.toLowerCase().includes(
      DATELINE.toLowerCase()));
  const paras = (await page.locator('article .prose p').allInnerTexts())
      .map((p) => p.trim());
  check(`visitor: the first paragraph starts "${LEAD}"`,
      paras.length > 0 && paras[0].startsWith(LEAD), paras[0]);
  check('visitor: the body paragraph by paragraph as typed',
      JSON.stringify(paras) === JSON.stringify(PARAGRAPHS),
      `${paras.length} paragraphs`);
  const article = (await page.locator('article').innerText()).toLowerCase();
  check('visitor: the dateline once on the page',
      article.split(DATELINE.toLowerCase()).length === 2);
  check('visitor: no summary paragraph on the page',
      !text.includes(SUMMARY));
  const top = (await page.locator('#menu .menu > .menu-section > ' +
      '.menu-label').allInnerTexts()).map((l) => l.trim());
  check('visitor: the menu\'s top level is the seed\'s',
      JSON.stringify(top) === JSON.stringify(TOP_MENU), top.join(', '));
  await page.screenshot({ path: path.join(out, 'published.png'),
    fullPage: true });
  check('screenshot of the published page', fs.existsSync(path.join(out,
      'published.png')));
  check('visitor: still no cookies', (await ctx.cookies()).length === 0,
      JSON.stringify(await ctx.cookies()));
  check('no script error or CSP violation on the public pages',
      problems.length === 0, problems.join('; '));
  await ctx.close();
}

// The language switcher on the statement: to Hungarian, where the English
// text is marked as English inside the Hungarian page with a Hungarian
// notice, and back.
async function languages(browser, base, out) {
  const ctx = await browser.newContext({ viewport: { width: 1280,
    height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base}${SEED_STATEMENT}`);
  const langOf = () => page.locator('html').getAttribute('lang');
  check('languages: the statement is in English', await langOf() === 'en');
  const toHu = page.locator('nav.lang-switch a[hreflang="hu"]');
  await Promise.all([page.waitForURL(`${base}/hu${SEED_STATEMENT}`),
    toHu.click()]);
  check('languages: the switcher leads to /hu/ of the same item',
      page.url() === `${base}/hu${SEED_STATEMENT}`, page.url());
  check('languages: the page is Hungarian', await langOf() === 'hu');
  const notice = page.locator('.lang-notice');
  check('languages: a notice says the text is in English only',
      await notice.isVisible().catch(() => false) &&
      (await notice.getAttribute('lang')) === null);
  const prose = page.locator('article .prose');
  check('languages: the body is marked lang="en"',
      (await prose.getAttribute('lang')) === 'en');
  check('languages: the English body is shown',
      (await prose.innerText()).trim().startsWith(LEAD));
  check('languages: the title is marked lang="en"',
      (await page.locator('h1').first().getAttribute('lang')) === 'en');
  const date = (await page.locator('article time').first().innerText())
      .trim();
  check('languages: the date in Hungarian', date === '2021. december 17.',
      date);
  const top = (await page.locator('#menu .menu > .menu-section > ' +
      '.menu-label').allInnerTexts()).map((l) => l.trim());
  check('languages: the Hungarian menu',
      JSON.stringify(top) === JSON.stringify(TOP_MENU_HU), top.join(', '));
  check('languages: the site name leads to /hu',
      (await page.locator('a.site-name').getAttribute('href')) === '/hu');
  await page.screenshot({ path: path.join(out, 'fallback-hu.png'),
    fullPage: true });
  await Promise.all([page.waitForURL(`${base}${SEED_STATEMENT}`),
    page.locator('nav.lang-switch a[hreflang="en"]').click()]);
  check('languages: and back to English', await langOf() === 'en');
  await ctx.close();
}

// The menu at a phone's width: opened from the header's Menu link, its
// five top-level items are shown and can be reached, the three without
// children included.
async function phoneMenu(browser, base, out) {
  const ctx = await browser.newContext({ viewport: { width: 390,
    height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Menu', exact: true }).click();
  await page.waitForURL(/#menu$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of TOP_MENU) {
    const link = nav.getByRole('link', { name: label, exact: true });
    check(`phone: menu item "${label}" shown`,
        await link.isVisible().catch(() => false));
  }
  await page.screenshot({ path: path.join(out, 'menu-phone.png'),
    fullPage: true });
  await ctx.close();
}

async function main() {
  const [base, outArg] = process.argv.slice(2);
  if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
    console.error('usage: node publish.mjs http://127.0.0.1:PORT ' +
        '[OUTPUT_DIR]');
    return 2;
  }
  const out = outArg ?? fs.mkdtempSync(path.join(os.tmpdir(),
      'waypoint-browser-'));
  fs.mkdirSync(out, { recursive: true });
  console.log(`# screenshots in ${out}`);
  const user = process.env.WP_USER ?? 'editor1';
  const password = process.env.WP_PASSWORD ?? 'editor-password-123';

  const browser = await launch();
  try {
    if (await editor(browser, base, out, user, password))
      await visitor(browser, base, out);
    await languages(browser, base, out);
    await phoneMenu(browser, base, out);
  } finally {
    await browser.close();
  }
  return 0;
}

run(main, TOTAL_TIMEOUT);
