// media.mjs: the browser test of the media library (issue 15): "uploads a
// photo, inserts it into a release with alt text and publishes". In
// headless Chromium (driven by playwright-core) an editor opens
// /admin/media, where an SVG with a script is refused at the file field,
// uploads a 2000 px wide photo (a JPEG made now by
// tests/fixtures/media/bench/photo.sh) through the file input with its
// alt text, caption and credit, finds it on its item page, then opens a
// new release, where the picker's Insert button (JavaScript) writes the
// photo's reference at the cursor in the body; the release is published.
// A visitor with no cookie then sees the photo on the release: a figure
// whose <picture> has srcset, the alt text, width and height (no layout
// shift) and shows a smaller WebP copy from the site's own /media/, its
// caption and credit in the figcaption. axe-core (WCAG 2.1 A and AA)
// checks the library (and its refusal), the item page, the editor with
// the picker open and the public release; the Nu Html Checker the same
// pages as served but the editor. Without JavaScript the picker still
// offers the reference to copy, in a read-only field.
//
// Usage: node media.mjs BASE_URL [OUTPUT_DIR]
//   BASE_URL     http://127.0.0.1:PORT of a server with the account
//                editor1 / editor-password-123
//   OUTPUT_DIR   where the served HTML (media-html/) and the screenshot of
//                the release go (default: a new temporary folder)
// Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
// N failed"; exits 1 when a check failed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Served, axe, check, launch, run, signIn, watch } from './checks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PHOTO_SH = path.join(HERE, '..', 'fixtures', 'media', 'bench',
    'photo.sh');
const STEP_TIMEOUT = 30000;     // ms, each page action (an upload included)
const TOTAL_TIMEOUT = 220000;   // ms, the whole test, whatever hangs
const EDITOR = { name: 'editor1', password: 'editor-password-123' };
const STAMP = Date.now();
const PHOTO_WIDTH = 2000;
const PHOTO_HEIGHT = 1333;
const ALT = `Volunteers unload winter blankets at the Záhony crossing ${
  STAMP}`;
const TITLE = `Winter aid reaches the border ${STAMP}`;
const LEAD = 'Blankets, stoves and warm clothes reached the reception ' +
    'centre at Záhony this week.';
const CLOSING = 'Distribution continues through January.';
const CAPTION = 'Blankets for the reception centre, unloaded at dawn.';
const CREDIT = '© IOM 2026';
// A Markdown reference to media item id: ![text](media:id) or
// [text](media:id).
const REFERENCE = (id) => new RegExp(`!?\\[[^\\]]*\\]\\(media:${id}\\)`);

// A new context (bypassCSP: the site's policy rightly forbids the script
// axe injects) with options and a page in it, its script errors and CSP
// violations going to problems.
async function open(browser, problems, options = {}) {
  const ctx = await browser.newContext({ bypassCSP: true,
    viewport: { width: 1280, height: 900 }, ...options });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  watch(page, problems);
  return { ctx, page };
}

// An SVG with a script in it, in dir: what the library must refuse.
function makeSvg(dir) {
  const file = path.join(dir, 'chart.svg');
  fs.writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" ' +
      'width="10" height="10"><script>alert(1)</script></svg>\n');
  return file;
}

// Makes the test photo in dir; returns its path, or null.
function makePhoto(dir) {
  const file = path.join(dir, 'winter-aid-zahony.jpg');
  const r = spawnSync(PHOTO_SH, [String(PHOTO_WIDTH), String(PHOTO_HEIGHT),
    String(STAMP % 1000), file], { encoding: 'utf8', timeout: 60000 });
  return check('a 2000 px wide JPEG made with vips', r.status === 0 &&
      fs.existsSync(file), r.stderr || r.error) ? file : null;
}

// Sends the upload form of the library open in page with files, the alt
// text alt and, when given, words (caption, credit); returns the answer
// the browser was led to.
async function send(page, files, alt, words = {}) {
  const form = page.locator('form:has(input[type="file"][name="file"])')
      .first();
  if (!check('the library has an upload form with a file input',
      await form.count(), 'no form with <input type="file" name="file">'))
    return null;
  await form.locator('input[type="file"][name="file"]').setInputFiles(files);
  // The upload's own alt text field: what it says applies to every image
  // of the upload, in the editor's language.
  const field = form.locator('[name="alt"]');
  if (!check('the upload form has an alt text field', await field.count(),
      'no [name="alt"] in the upload form'))
    return null;
  await field.fill(alt);
  for (const [name, value] of Object.entries(words))
    await form.locator(`[name="${name}"]`).fill(value);
  const [resp] = await Promise.all([
    page.waitForNavigation(),
    form.locator('button[type="submit"]').first().click(),
  ]);
  return resp;
}

// Opens the library; an SVG is refused at the file field (415), then the
// photo is uploaded with its alt text. Returns the new item's id (the
// page is left on its item page), or null.
async function upload(page, base, served, photo, svg) {
  const resp = await page.goto(`${base}/admin/media`);
  if (!check('/admin/media answers 200', resp && resp.status() === 200,
      resp && resp.status()))
    return null;
  served.save('the media library', await resp.body());
  await axe(page, 'the media library');

  const refused = await send(page, svg, 'A chart');
  if (!refused)
    return null;
  check('an SVG is refused with 415', refused.status() === 415,
      refused.status());
  const error = page.locator('#f-file-error');
  check('the refusal is said at the file field and in the summary',
      await error.count() && (await error.innerText()).trim() !== '' &&
      await page.locator('[role="alert"]').count(),
      await page.locator('main').innerText());
  served.save('the media library refusing an SVG', await refused.body());
  await axe(page, 'the media library refusing an SVG');

  const done = await send(page, photo, ALT,
      { caption: CAPTION, credit: CREDIT });
  const m = /\/admin\/media\/(\d+)$/.exec(new URL(page.url()).pathname);
  if (!check('one photo uploaded: on its item page', done &&
      done.status() === 200 && m, `${done && done.status()} ${page.url()}`))
    return null;
  const id = Number(m[1]);

  const altEn = page.locator('[name="alt_en"]');
  check('the item page holds the alt text',
      (await altEn.count()) && (await altEn.inputValue()) === ALT,
      await altEn.count() ? await altEn.inputValue() : 'no alt_en field');
  const thumb = page.locator('main img').first();
  check('the item page shows the photo',
      await thumb.count() && await thumb.evaluate((i) => i.decode()
          .then(() => i.naturalWidth > 0, () => false)));
  served.save('a media item\'s page', await done.body());
  await axe(page, 'a media item\'s page');
  return id;
}

// The picker of the form open in page: the element that holds the
// reference to item id (a read-only field) and, with JavaScript, its
// Insert button. Opens a closed <details> around it.
async function picker(page, id) {
  const ref = page.locator(`input[readonly][value*="(media:${id})"]`);
  const details = page.locator('details').filter({ has: ref });
  if (await details.count() &&
      !(await details.first().evaluate((d) => d.open)))
    await details.first().locator('summary').first().click();
  return ref;
}

// The new release form: the photo inserted at the cursor with the
// picker, published; returns the release's slug, or null.
async function publish(page, base, id) {
  const resp = await page.goto(`${base}/admin/news/new`);
  check('the new release form answers 200', resp && resp.status() === 200,
      resp && resp.status());
  await page.locator('#f-title').fill(TITLE);
  await page.locator('#f-dateline').fill('Záhony');
  await page.locator('#f-date').fill('2026-01-15');
  await page.locator('#f-summary').fill('Winter aid at the border.');
  const body = page.locator('#f-body');
  // The cursor between the two paragraphs, where the photo goes.
  await body.fill(`${LEAD}\n\n\n\n${CLOSING}`);
  await body.evaluate((t, at) => {
    t.focus();
    t.setSelectionRange(at, at);
  }, LEAD.length + 2);

  const ref = await picker(page, id);
  if (!check('the picker offers the photo\'s reference in a read-only field',
      await ref.count(), 'no input[readonly] holding (media:' + id + ')'))
    return null;
  check('the reference is ![alt](media:N)',
      /^!\[[^\]]*\]\(media:\d+\)$/.test(await ref.first().inputValue()),
      await ref.first().inputValue());
  await axe(page, 'the release editor with the picker open');
  // media-picker.js adds the button beside the reference, named after
  // the item.
  const button = ref.first().locator('xpath=..')
      .getByRole('button', { name: /^insert\b/i });
  if (!check('the picker has an Insert button for the photo',
      await button.count() === 1, `${await button.count()} buttons`))
    return null;
  await button.click();
  const text = (await body.inputValue()).replace(/\r\n/g, '\n');
  const at = text.search(REFERENCE(id));
  check('Insert put the reference at the cursor, between the paragraphs',
      at >= LEAD.length && text.startsWith(LEAD) &&
      text.trimEnd().endsWith(CLOSING) &&
      at < text.indexOf(CLOSING), JSON.stringify(text));

  await page.locator('#f-status').selectOption('published');
  await Promise.all([
    page.waitForURL(/\/admin\/news\/\d+\/edit$/),
    page.locator('[name="action"][value="save"]').first().click(),
  ]);
  if (!check('the release is published: its edit page',
      /\/admin\/news\/\d+\/edit$/.test(page.url()), page.url()))
    return null;
  return page.locator('#f-slug').inputValue();
}

// A visitor with no cookie reads the release: the photo as a <picture>.
async function visitor(browser, base, out, served, slug) {
  const problems = [];
  const { ctx, page } = await open(browser, problems);
  // The layout shifts of the page from its first byte (CLS's sum).
  await page.addInitScript(() => {
    globalThis.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (!e.hadRecentInput)
          globalThis.layoutShift += e.value;
    }).observe({ type: 'layout-shift' });
  });
  // The photo's files are held back until the page is laid out without
  // them: the room it keeps is measured, not raced against its load.
  let letThrough;
  const held = new Promise((done) => { letThrough = done; });
  await page.route(/\/media\/[0-9a-f]{64}-\d+\.(webp|jpg|png)$/,
      async (route) => { await held; await route.continue(); });
  const resp = await page.goto(`${base}/news/${slug}`,
      { waitUntil: 'domcontentloaded' });
  if (!check('the release answers 200 to a visitor',
      resp && resp.status() === 200, resp && resp.status())) {
    letThrough();
    return;
  }
  const caption = page.locator('article figure figcaption');
  const words = await caption.count() ?
    (await caption.innerText()).replace(/\s+/g, ' ') : '';
  check('the photo is a figure, its caption and credit in its figcaption',
      words.includes(CAPTION) && words.includes(CREDIT), words ||
      'no figure with a figcaption');
  const picture = page.locator('article picture');
  if (!check('the photo is a <picture> in the release',
      await picture.count() === 1, `${await picture.count()} pictures`)) {
    letThrough();
    return;
  }
  const img = picture.locator('img');
  const box = () => img.evaluate((i) => ({ complete: i.complete,
    width: i.getBoundingClientRect().width,
    height: i.getBoundingClientRect().height }));
  const before = await box();
  letThrough();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((i) => i.complete, await img.elementHandle());
  const after = await box();
  const shown = await img.evaluate((i) => ({ alt: i.getAttribute('alt'),
    width: i.getAttribute('width'), height: i.getAttribute('height'),
    natural: i.naturalWidth, src: i.currentSrc,
    srcset: [...i.parentElement.querySelectorAll('source[srcset]')]
        .map((s) => s.getAttribute('srcset'))
        .concat(i.getAttribute('srcset') ?? []) }));
  check('the photo is visible (naturalWidth > 0)', shown.natural > 0,
      JSON.stringify(shown));
  // Before its bytes come the photo already has its shown size, from
  // width and height; after, the copy's own proportions (whole pixels)
  // may differ by under a pixel. A photo with no room kept is 0 high,
  // then its whole height: the text under it moves hundreds of pixels.
  check('room is kept for the photo before it loads (width and height)',
      !before.complete && before.height > 100 &&
      Math.abs(before.width / before.height - PHOTO_WIDTH / PHOTO_HEIGHT) <
      0.01 && Math.abs(after.height - before.height) < 1,
      `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
  // Two frames after the photo came, the page's shifts in view (CLS) are
  // within Web Vitals' "good" (0.1). Not a test of the photo's room: a
  // photo low on the page moves only text out of view.
  const shift = await page.evaluate(() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() =>
      done(globalThis.layoutShift)))));
  check('the release\'s layout shift is good (CLS < 0.1)', shift < 0.1,
      `cumulative layout shift ${shift}`);
  check('the photo has its alt text', shown.alt === ALT, shown.alt);
  check('the photo has width and height in its proportions',
      Number(shown.width) > 0 && Number(shown.height) > 0 &&
      Math.abs(shown.width / shown.height - PHOTO_WIDTH / PHOTO_HEIGHT) <
      0.01, `${shown.width} x ${shown.height}`);
  const entries = shown.srcset.join(', ').split(/,\s*/).filter(Boolean);
  check('srcset offers several widths of the site\'s own /media/ files',
      entries.length > 1 && entries.every((e) =>
        /^\/media\/[0-9a-f]{64}-\d+\.(webp|jpg|png) \d+w$/.test(e)),
      shown.srcset.join(' | '));
  check('the file shown is a smaller WebP copy from the site\'s /media/',
      new RegExp(`^${base}/media/[0-9a-f]{64}-\\d+\\.webp$`).test(shown.src),
      shown.src);
  check('no script error or CSP violation on the release',
      problems.length === 0, problems.join('; '));
  served.save('the release with a photo', await resp.body());
  await page.screenshot({ path: path.join(out, 'media-release.png'),
    fullPage: true });
  await axe(page, 'the release with a photo');
  await ctx.close();
}

// Without JavaScript: the picker's reference, in a read-only field, is
// there to copy.
async function noScript(browser, base, id) {
  const { ctx, page } = await open(browser, [],
      { javaScriptEnabled: false });
  await page.goto(`${base}/admin/login`);
  await signIn(page, EDITOR.name, EDITOR.password);
  await page.goto(`${base}/admin/news/new`);
  const ref = await picker(page, id);
  check('without JavaScript: the reference to copy, read-only',
      await ref.count() && REFERENCE(id).test(await ref.first()
          .inputValue()), 'no input[readonly] holding (media:' + id + ')');
  check('without JavaScript: the reference field can be seen',
      await ref.count() && await ref.first().isVisible());
  await ctx.close();
}

async function main() {
  const [base, outArg] = process.argv.slice(2);
  if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
    console.error('usage: node media.mjs http://127.0.0.1:PORT ' +
        '[OUTPUT_DIR]');
    return 2;
  }
  const out = outArg ?? fs.mkdtempSync(path.join(os.tmpdir(),
      'waypoint-browser-'));
  const served = new Served(path.join(out, 'media-html'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waypoint-photo-'));
  const browser = await launch();
  try {
    const photo = makePhoto(dir);
    if (!photo)
      return 0;
    const problems = [];
    const { ctx, page } = await open(browser, problems);
    await page.goto(`${base}/admin/login`);
    await signIn(page, EDITOR.name, EDITOR.password);
    if (!check('the editor signs in',
        new URL(page.url()).pathname === '/admin', page.url()))
      return 0;
    const id = await upload(page, base, served, photo, makeSvg(dir));
    const slug = id && await publish(page, base, id);
    check('no script error or CSP violation on the admin pages',
        problems.length === 0, problems.join('; '));
    await ctx.close();
    if (slug)
      await visitor(browser, base, out, served, slug);
    if (id)
      await noScript(browser, base, id);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  served.nu();
  return 0;
}

run(main, TOTAL_TIMEOUT);
