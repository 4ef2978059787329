// preview.mjs: the browser test of sharing a draft for review (issue 14):
// "creates a project and shares a preview link with a signed-out
// context". In headless Chromium (driven by playwright-core) an editor
// signs in, creates a project through the admin form as a draft (its code,
// start, budget and donor among its own fields), and on
// its edit page shares a preview for a day; the link is shown once, in a
// read-only field. A second browser context, with no cookie at all (whoever
// was sent the link), opens it: the project's text under the "Draft — not
// published" banner, noindex, and the page passes axe-core (WCAG 2.1 A and
// AA), as does the editor's page that showed the link. The editor revokes
// the link from the edit page; the signed-out context then gets the 410
// page, axe-clean too.
//
// Usage: node preview.mjs BASE_URL
//   BASE_URL     http://127.0.0.1:PORT of a server with the account
//                editor1 / editor-password-123
// Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
// N failed"; exits 1 when a check failed.

import { axe, check, launch, run, signIn } from './checks.mjs';

const STEP_TIMEOUT = 15000;     // ms, each page action
const TOTAL_TIMEOUT = 180000;   // ms, the whole test, whatever hangs
const EDITOR = { name: 'editor1', password: 'editor-password-123' };
const STAMP = Date.now();
const TITLE = `Preview project ${STAMP}`;
const SUMMARY = 'A project drafted in the browser and shared for review.';
const BODY = `The project's draft text, ${STAMP}, for a reviewer to read.`;
const BANNER = 'Draft — not published';
// The project's own fields, as the editor types them.
const CODE = `PV-${STAMP % 100000}`;
const DONOR = 'Preview Review Fund';

// Fills the new project form open in page and saves it as a draft;
// returns the edit page's path.
async function createProject(page, base) {
  const resp = await page.goto(`${base}/admin/projects/new`);
  check('the new project form answers 200', resp && resp.status() === 200,
      resp && resp.status());
  await page.locator('#f-title').fill(TITLE);
  await page.locator('#f-summary').fill(SUMMARY);
  await page.locator('#f-body').fill(BODY);
  await page.locator('#f-code').fill(CODE);
  await page.locator('#f-start_date').fill('2026-01-01');
  await page.locator('#f-budget').fill('77,000');
  await page.locator('#f-currency').selectOption('EUR');
  await page.locator('#f-donors').fill(DONOR);
  await page.locator('#f-status').selectOption('draft');
  await Promise.all([
    page.waitForNavigation(),
    page.locator('#item-form button[name="action"][value="save"]').click(),
  ]);
  const path = new URL(page.url()).pathname;
  check('the project is saved: its edit page',
      /^\/admin\/projects\/\d+\/edit$/.test(path), page.url());
  return path;
}

async function main() {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node preview.mjs BASE_URL');
    return 2;
  }
  const browser = await launch();
  try {
    // bypassCSP: the site's policy rightly forbids the script axe injects.
    const editor = await browser.newContext({ bypassCSP: true });
    const page = await editor.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(`${base}/admin/login`);
    await signIn(page, EDITOR.name, EDITOR.password);
    check('the editor signs in', new URL(page.url()).pathname === '/admin',
        page.url());
    const edit = await createProject(page, base);

    // Share a preview for a day.
    await page.locator('#preview-lifetime').selectOption('24');
    const [shared] = await Promise.all([
      page.waitForNavigation(),
      page.locator('form.preview-share button[type="submit"]').click(),
    ]);
    check('"Share a preview" answers 200', shared && shared.status() === 200,
        shared && shared.status());
    const field = page.locator('#preview-url');
    const link = await field.inputValue();
    check('the link is shown once, in a read-only field',
        /\/preview\/[A-Za-z0-9_-]{43}$/.test(link) &&
        await field.getAttribute('readonly') !== null, link);
    check('the copy button shows once the script runs',
        await page.locator('button[data-copy="preview-url"]').isVisible());
    await axe(page, 'the page showing the new preview link');

    // Whoever holds the link: a context with no cookie.
    const reviewer = await browser.newContext({ bypassCSP: true });
    check('the reviewer\'s context holds no cookie',
        (await reviewer.cookies()).length === 0);
    const view = await reviewer.newPage();
    view.setDefaultTimeout(STEP_TIMEOUT);
    const resp = await view.goto(link);
    check('the preview answers 200 signed out',
        resp && resp.status() === 200, resp && resp.status());
    const headers = resp ? resp.headers() : {};
    check('no-store, noindex, no referrer',
        /no-store/.test(headers['cache-control'] || '') &&
        headers['x-robots-tag'] === 'noindex' &&
        headers['referrer-policy'] === 'no-referrer',
        JSON.stringify(headers));
    check('the preview sets no cookie', !headers['set-cookie'] &&
        (await reviewer.cookies()).length === 0);
    const banner = view.locator('.preview-banner[role="status"]');
    check('the "Draft — not published" banner',
        (await banner.count()) === 1 &&
        (await banner.innerText()).includes(BANNER),
        await view.locator('main').innerText());
    const main = await view.locator('main').innerText();
    check('the project\'s title, text and fields as its page shows them',
        (await view.locator('h1').innerText()).includes(TITLE) &&
        main.includes(BODY) && main.includes(CODE) && main.includes(DONOR) &&
        /EUR\s77,000/.test(main), main);
    check('<meta name="robots" content="noindex">',
        (await view.locator('meta[name="robots"]')
            .getAttribute('content')) === 'noindex');
    await axe(view, 'the preview of a draft project');

    // Revoked from the edit page: the link answers 410.
    await page.goto(`${base}${edit}`);
    await Promise.all([
      page.waitForNavigation(),
      page.locator('form[action$="/revoke"] button[type="submit"]').first()
          .click(),
    ]);
    check('revoked: back on the edit page',
        new URL(page.url()).pathname === edit, page.url());
    const gone = await view.goto(link);
    check('the revoked link answers 410', gone && gone.status() === 410,
        gone && gone.status());
    check('the 410 page names no project',
        !(await view.content()).includes(TITLE));
    await axe(view, 'the page of a revoked preview link');
  } finally {
    await browser.close();
  }
  return 0;
}

run(main, TOTAL_TIMEOUT);
