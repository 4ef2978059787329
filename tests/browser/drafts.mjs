// drafts.mjs: the browser test of unsaved text kept per account. In
// headless Chromium (driven by playwright-core), in one browser context
// (one browser, as two people at one desk share it): account A types into
// "New statement" and signs out, told there is unsaved text and keeping
// it; account B signs in on the same browser and opens the form: no offer,
// and local storage holds no copy under B; B signs out unasked. A signs in
// again: offered, and restores it; A signs out and discards it: gone, and
// not offered again. A keeps new text, reopens the form, types over the
// offered copy and discards the offer: the new text stays kept. The
// sign-out question passes axe-core (WCAG 2.1 A and AA).
//
// Usage: node drafts.mjs BASE_URL
//   BASE_URL     http://127.0.0.1:PORT of a server with the accounts
//                editor1 / editor-password-123 (A) and editor2 /
//                editor2-password-123 (B)
// Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
// N failed"; exits 1 when a check failed.

import { axe, check, launch, run, signIn } from './checks.mjs';

const STEP_TIMEOUT = 15000;     // ms, each page action
const TOTAL_TIMEOUT = 180000;   // ms, the whole test, whatever hangs
const A = { name: 'editor1', password: 'editor-password-123' };
const B = { name: 'editor2', password: 'editor2-password-123' };
// What A types: unique, so that it can be looked for anywhere in storage.
const TYPED = `Unsaved words of A ${Date.now()}`;
// Text A types later: first kept and offered, then typed over.
const OLDER = `Older words of A ${Date.now()}`;
const NEWER = `Newer words of A ${Date.now()}`;

// Signs in on page as who; the page lands on the dashboard.
async function signInAs(page, base, who) {
  await page.goto(`${base}/admin/login`);
  await signIn(page, who.name, who.password);
}

// Opens the empty "New statement" form, admin.js started.
async function openForm(page, base) {
  await page.goto(`${base}/admin/news/new`, { waitUntil: 'load' });
  return page.evaluate(() => document.body.dataset.account);
}

// The local-storage keys of the browser, with whether each holds TYPED.
function storageKeys(page) {
  return page.evaluate((typed) => Object.keys(localStorage).map((k) =>
    ({ key: k, typed: (localStorage.getItem(k) || '').includes(typed) })),
  TYPED);
}

// Whether local storage holds text anywhere; run in the page.
function holds(text) {
  return Object.keys(localStorage).some((k) =>
    (localStorage.getItem(k) || '').includes(text));
}

// Presses "Sign out" and waits for either the question or the sign-in
// page; returns whether the question was asked.
async function pressSignOut(page) {
  await page.locator('form.admin-signout button[type="submit"]').click();
  const asked = page.locator('#signout-prompt[open]');
  await Promise.race([
    asked.waitFor({ state: 'visible' }),
    page.waitForURL((u) => u.pathname.startsWith('/admin/login')),
  ]);
  return asked.isVisible();
}

// Chooses button `value` in the open question and waits for the sign-in
// page.
async function answer(page, value) {
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/admin/login')),
    page.locator(`#signout-prompt button[value="${value}"]`).click(),
  ]);
}

async function main() {
  const [base] = process.argv.slice(2);
  if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
    console.error('usage: node drafts.mjs http://127.0.0.1:PORT');
    return 2;
  }
  const browser = await launch();
  try {
    // bypassCSP: the site's policy rightly forbids the script axe injects.
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);

    await signInAs(page, base, A);
    const idA = await openForm(page, base);
    check('A: the admin layout names the account', /^\d+$/.test(idA ?? ''),
        `data-account=${idA}`);
    await page.locator('[name="title"]').fill(TYPED);
    await page.waitForFunction(holds, TYPED);
    let keys = (await storageKeys(page)).filter((k) => k.typed);
    check('A: the copy is kept under A\'s account',
        keys.length === 1 && keys[0].key.startsWith(`wp-u${idA}:`),
        JSON.stringify(keys));

    check('A: sign-out asks about the unsaved text',
        await pressSignOut(page), 'went straight to sign-in');
    check('A: the question says there is unsaved text',
        (await page.locator('#signout-prompt').innerText())
            .includes('unsaved text'));
    await axe(page, 'the sign-out question');
    await page.locator('#signout-prompt button[value="cancel"]').click();
    await page.locator('#signout-prompt').waitFor({ state: 'hidden' });
    check('A: "Stay signed in" keeps A on the form with the text',
        new URL(page.url()).pathname === '/admin/news/new' &&
        await page.locator('[name="title"]').inputValue() === TYPED,
        page.url());
    await pressSignOut(page);
    await answer(page, 'keep');
    keys = (await storageKeys(page)).filter((k) => k.typed);
    check('A kept it: the copy is still in the browser after sign-out',
        keys.length === 1, JSON.stringify(keys));

    await signInAs(page, base, B);
    const idB = await openForm(page, base);
    check('B: another account than A', /^\d+$/.test(idB ?? '') &&
        idB !== idA, `A ${idA}, B ${idB}`);
    check('B: no offer of unsaved text on the form',
        await page.locator('.draft-notice').count() === 0);
    check('B: the form shows none of A\'s text',
        await page.locator('[name="title"]').inputValue() === '');
    keys = await storageKeys(page);
    check('B: local storage holds nothing under B\'s account',
        !keys.some((k) => k.key.startsWith(`wp-u${idB}:`)),
        JSON.stringify(keys));
    check('B: A\'s copy is not stored under B or unowned',
        keys.filter((k) => k.typed).every((k) =>
          k.key.startsWith(`wp-u${idA}:`)), JSON.stringify(keys));
    check('B: sign-out with nothing unsaved asks nothing',
        !await pressSignOut(page), 'the question was asked');
    await page.waitForURL((u) => u.pathname.startsWith('/admin/login'));

    await signInAs(page, base, A);
    await openForm(page, base);
    const offer = page.locator('.draft-notice');
    check('A again: offered the unsaved text', await offer.count() === 1);
    if (await offer.count() === 1) {
      await offer.locator('button.button-primary').click();
      check('A again: restored into the form',
          await page.locator('[name="title"]').inputValue() === TYPED);
    }
    check('A again: sign-out asks', await pressSignOut(page),
        'went straight to sign-in');
    await answer(page, 'discard');
    keys = (await storageKeys(page)).filter((k) =>
      k.typed || k.key.startsWith(`wp-u${idA}:`));
    check('A discarded it: no copy of A\'s left in the browser',
        keys.length === 0, JSON.stringify(keys));

    await signInAs(page, base, A);
    await openForm(page, base);
    check('A after discarding: no offer',
        await page.locator('.draft-notice').count() === 0);

    // The offer's Discard drops the old copy, never what was typed since
    // (both are kept under the form's one key). Each copy is waited for,
    // so that no write still held back by admin.js's delay can put the
    // new text back after a Discard that dropped it.
    await page.locator('[name="title"]').fill(OLDER);
    await page.waitForFunction(holds, OLDER);
    await openForm(page, base);
    await page.locator('[name="title"]').fill(NEWER);
    await page.waitForFunction(holds, NEWER);
    const again = page.locator('.draft-notice');
    check('A, the form opened again: offered the older text',
        await again.count() === 1);
    if (await again.count() === 1) {
      await again.locator('button.button-secondary').click();
      keys = await page.evaluate(() => Object.keys(localStorage).map((k) =>
        [k, localStorage.getItem(k) || '']));
      check('A typed, then discarded the offer: the new text is kept',
          keys.some(([k, v]) => k.startsWith(`wp-u${idA}:`) &&
            v.includes(NEWER)), JSON.stringify(keys));
    }
    await ctx.close();
  } finally {
    await browser.close();
  }
  return 0;
}

run(main, TOTAL_TIMEOUT);
