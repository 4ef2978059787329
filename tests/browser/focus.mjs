// focus.mjs: the browser test of keyboard use. In headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) it tabs through
// every focusable element of public and admin pages, at a desktop's and a
// phone's width, and checks that the focused element's text keeps 4.5:1
// contrast against its effective background; that Escape closes an open
// menu panel and gives focus back to the section's link; that the phone's
// menu opens one section at a time within a height budget; and that a
// form refused by validation puts focus on its error summary.
//
// Usage: node focus.mjs BASE_URL
//   BASE_URL     http://127.0.0.1:PORT of a server with the account
//                $WP_USER / $WP_PASSWORD (default editor1 /
//                editor-password-123)
// Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
// N failed"; exits 1 when a check failed.

import { check, launch, run, signIn } from './checks.mjs';

const STEP_TIMEOUT = 15000;     // ms, each page action
const TOTAL_TIMEOUT = 180000;   // ms, the whole test, whatever hangs
// WCAG 2.1 AA for normal text: the focus style must not lower it.
const MIN_CONTRAST = 4.5;
// 300 tab stops: more than any page here has, so a focus trap shows as
// a failure instead of a hang.
const MAX_TABS = 300;
// The phone's open menu (390x844): every top-level section, one of them
// open, within about one and a half screens; 923 px with every
// description shown was the issue.
const PHONE_MENU_BUDGET = 700;  // px
const SEED_STATEMENT = '/news/international-migrants-day-statement-iom-' +
    'director-general-antonio-vitorino-harnessing-potential-human-mobility';

// Runs in the page: the contrast of the focused element's text (and of
// each descendant holding text of its own) against the first opaque
// background found walking up, with translucent ones laid over it.
function focusedContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m)
      return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a))
        .concat(1);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0)
        layers.push(c);
      if (c[3] >= 1)
        break;
    }
    let bg = [255, 255, 255, 1];
    for (const l of layers.reverse())
      bg = over(l, bg);
    return bg;
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const el = document.activeElement;
  if (!el || el === document.body)
    return null;
  const holders = [el, ...el.querySelectorAll('*')].filter((e) =>
    [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim()) &&
    e.getClientRects().length);
  let worst = { ratio: Infinity, what: '' };
  for (const e of holders) {
    const bg = background(e);
    const fg = over(parse(getComputedStyle(e).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < worst.ratio)
      worst = { ratio, what: `${e.tagName.toLowerCase()}` +
        `${e.className ? '.' + String(e.className).split(' ')[0] : ''} ` +
        `"${e.textContent.trim().slice(0, 30)}" ` +
        `${getComputedStyle(e).color} on rgb(${bg.slice(0, 3).join(',')})` };
  }
  return { key: el.outerHTML.slice(0, 120), worst };
}

// Tabs through the page from its top until focus leaves it or comes back
// round; checks each stop's contrast. A date or time input takes several
// Tabs (one per part), so a stop repeating the one before is the same.
async function tabThrough(page, label) {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  const seen = new Set();
  const low = [];
  let last = null;
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(focusedContrast);
    if (r && r.key === last)
      continue;
    if (!r || seen.has(r.key))
      break;
    seen.add(r.key);
    last = r.key;
    if (r.worst.ratio < MIN_CONTRAST)
      low.push(`${r.worst.ratio.toFixed(2)}:1 ${r.worst.what}`);
  }
  check(`${label}: ${seen.size} focus stops keep ${MIN_CONTRAST}:1`,
      seen.size > 0 && low.length === 0,
      low.length ? low.join('; ') : 'no focus stop');
}

async function publicPages(browser, base) {
  const home = await browser.newPage({ viewport: { width: 1280,
    height: 900 } });
  await home.goto(`${base}/`);
  const pageUrl = await home.locator('#menu .menu-item a:not([rel])')
      .first().getAttribute('href');
  await home.close();
  const urls = ['/', '/news', SEED_STATEMENT, pageUrl, '/no-such-page',
    '/hu/news'];
  // Without JavaScript the phone's menu shows every section's links.
  for (const [w, h, kind, js] of [[1280, 900, 'desktop', true], [390, 844,
    'phone', true], [390, 844, 'phone without JavaScript', false]]) {
    const ctx = await browser.newContext({ viewport: { width: w,
      height: h }, javaScriptEnabled: js });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    for (const u of urls) {
      // On a phone the menu's links are only focusable with it open.
      const target = w < 800 ? `${u}#menu` : u;
      await page.goto(`${base}${target}`);
      await tabThrough(page, `${kind} ${u}`);
    }
    await ctx.close();
  }
}

// Escape in an open panel closes it and puts focus on its section.
async function escapeCloses(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280,
    height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base}/`);
  const section = page.locator('#menu .menu-section:has(.menu-children)')
      .first();
  const label = section.locator('.menu-label');
  const panel = section.locator('.menu-panel');
  const child = panel.locator('a').first();
  await label.focus();
  await page.keyboard.press('Tab');
  const inPanel = await child.evaluate((a) => a === document.activeElement);
  check('escape: Tab from a section goes into its open panel',
      inPanel && await panel.isVisible());
  await page.keyboard.press('Escape');
  const back = await label.evaluate((a) => a === document.activeElement);
  check('escape: focus returns to the section', back);
  await page.waitForFunction((el) => el.getBoundingClientRect().height <= 1,
      await panel.elementHandle());
  check('escape: the panel is closed', true);
  await page.keyboard.press('Tab');
  check('escape: Tab then opens it again',
      await panel.isVisible() && await panel.evaluate((p) =>
        p.getBoundingClientRect().height > 1));
  await page.close();
}

// The phone's menu: sections open one at a time, within the budget; and
// without JavaScript every section's pages are listed.
async function phoneMenu(browser, base) {
  for (const js of [true, false]) {
    const ctx = await browser.newContext({ viewport: { width: 390,
      height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(`${base}/#menu`);
    const nav = page.locator('#menu');
    const shown = () => page.locator('#menu .menu-panel').evaluateAll(
        (l) => l.filter((e) => e.getClientRects().length).length);
    const all = await page.locator('#menu .menu-panel').count();
    if (!js) {
      check('phone, no JavaScript: every section\'s panel listed',
          all > 1 && await shown() === all, `${await shown()} of ${all}`);
      await ctx.close();
      continue;
    }
    const height = async () => (await nav.boundingBox()).height;
    check(`phone: the open menu is ${Math.round(await height())} px, ` +
        `within ${PHONE_MENU_BUDGET}`, await height() <= PHONE_MENU_BUDGET);
    check('phone: no section open at first', await shown() === 0,
        `${await shown()} open`);
    const buttons = page.locator('#menu .menu-toggle');
    check('phone: a button per section with a panel',
        await buttons.count() === all, `${await buttons.count()} of ${all}`);
    await buttons.nth(0).click();
    check('phone: a tap opens one section', await shown() === 1 &&
        await buttons.nth(0).getAttribute('aria-expanded') === 'true');
    await buttons.nth(1).click();
    check('phone: opening another closes the first', await shown() === 1 &&
        await buttons.nth(0).getAttribute('aria-expanded') === 'false' &&
        await buttons.nth(1).getAttribute('aria-expanded') === 'true');
    check(`phone: with one open, ${Math.round(await height())} px within ` +
        `${PHONE_MENU_BUDGET}`, await height() <= PHONE_MENU_BUDGET);
    await page.keyboard.press('Escape');
    check('phone: Escape closes it, focus on its button', await shown() ===
        0 && await buttons.nth(1).evaluate((b) =>
          b === document.activeElement));
    await ctx.close();
  }
}

// Signs in as the editor; returns the page, on the dashboard.
async function signedIn(browser, base) {
  const user = process.env.WP_USER ?? 'editor1';
  const password = process.env.WP_PASSWORD ?? 'editor-password-123';
  const ctx = await browser.newContext({ viewport: { width: 1280,
    height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${base}/admin/login`);
  await tabThrough(page, 'admin /admin/login');
  await signIn(page, user, password);
  return page;
}

async function adminPages(browser, base) {
  const page = await signedIn(browser, base);
  for (const u of ['/admin', '/admin/news', '/admin/news/new',
    '/admin/pages', '/admin/account']) {
    await page.goto(`${base}${u}`);
    await tabThrough(page, `admin ${u}`);
  }
  await page.context().close();
}

// An empty "New statement" form comes back with focus on its summary.
async function formErrors(browser, base) {
  const page = await signedIn(browser, base);
  await page.goto(`${base}/admin/news/new`);
  // The browser's own checks would stop an empty form before it is sent.
  await page.locator('main form').last().evaluate((f) => {
    f.noValidate = true;
  });
  await Promise.all([page.waitForLoadState('load'),
    page.locator('main form button[type="submit"]').first().click()]);
  await page.waitForSelector('.form-errors');
  await page.waitForFunction(() => document.activeElement?.classList
      .contains('form-errors'));
  check('form errors: focus on the error summary', true);
  check('form errors: the date is still a date field',
      await page.locator('input[name="date"]').getAttribute('type') ===
      'date');
  await tabThrough(page, 'admin form with errors');
  await page.context().close();
}

async function main() {
  const [base] = process.argv.slice(2);
  if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
    console.error('usage: node focus.mjs http://127.0.0.1:PORT');
    return 2;
  }
  const browser = await launch();
  try {
    await publicPages(browser, base);
    await adminPages(browser, base);
    await escapeCloses(browser, base);
    await phoneMenu(browser, base);
    await formErrors(browser, base);
  } finally {
    await browser.close();
  }
  return 0;
}

run(main, TOTAL_TIMEOUT);
