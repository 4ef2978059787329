// checks.mjs: what the browser scripts share: their counted output (one
// "ok - name" or "FAIL - name: detail" line per check and a closing "N
// passed, N failed" line, the form tests/lib.sh's suite_counts reads), the
// run of a script's main() under a time limit, Chromium's launch,
// axe-core's check of a page, the Nu Html Checker's of the pages served,
// the watch on script errors and CSP violations, and the sign-in.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
// The rules of WCAG 2.1 A and AA.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const CHROMIUM = '/usr/bin/chromium';
// They keep Chromium off the network (this machine has none) and working
// as root.
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu',
  '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let passed = 0;
let failed = 0;

// Counts and prints one check; cond true passes it, else detail (white
// space collapsed, cut at 300 characters) says what failed. Returns cond
// as a boolean, so a caller can stop when a check fails.
export function check(name, cond, detail) {
  if (cond) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    const d = String(detail ?? 'check failed').replace(/\s+/g, ' ')
        .slice(0, 300);
    console.log(`FAIL - ${name}: ${d}`);
  }
  return Boolean(cond);
}

// Prints the summary line; returns the exit status: 1 when a check failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

// Starts headless Chromium through playwright-core. launch() gives every
// run a new, empty profile (user-data-dir) of its own and removes it at
// close.
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true,
    timeout: 30000, args: CHROMIUM_FLAGS });
}

// Runs axe-core in page (its context made with bypassCSP: the site's
// policy rightly forbids the script axe injects): one ok line, or a FAIL
// per element of each violation naming the rule and the element's
// selector.
export async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const r = await globalThis.axe.run(document,
        { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ id: v.id, help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  if (violations.length === 0) {
    check(`axe: ${name}`, true);
    return;
  }
  for (const v of violations)
    for (const t of v.targets)
      check(`axe: ${name}`, false, `${v.id} at ${t} (${v.help})`);
}

// The HTML pages were served, each kept as DIR/NN.html for the Nu Html
// Checker: save(name, body) keeps one, nu() checks them all.
export class Served {
  constructor(dir) {
    this.dir = dir;
    this.files = new Map();   // file -> the page's name
    fs.mkdirSync(dir, { recursive: true });
  }

  save(name, body) {
    const file = path.join(this.dir,
        String(this.files.size + 1).padStart(2, '0') + '.html');
    fs.writeFileSync(file, body);
    this.files.set(file, name);
  }

  // Runs the Nu Html Checker (vnu-jar, on Debian's Java) once over every
  // page kept: per page one ok line, or a FAIL per error or warning naming
  // the line and the text.
  nu() {
    const saved = this.files;
    const r = spawnSync('java', ['-jar', VNU, '--format', 'json',
      '--exit-zero-always', ...saved.keys()],
    { encoding: 'utf8', timeout: 120000, maxBuffer: 16 << 20 });
    let messages;
    try {
      messages = JSON.parse(r.stderr).messages;
    } catch (e) {
      check('vnu ran', false, r.error ?? r.stderr ?? e);
      return;
    }
    const by = new Map([...saved.keys()].map((f) => [f, []]));
    for (const m of messages) {
      const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
      const serious = m.type === 'error' || m.subType === 'warning' ||
          m.type === 'non-document-error';
      if (!serious)
        continue;
      if (by.has(file))
        by.get(file).push(m);
      else
        check('vnu', false, `${m.type}: ${m.message}`);
    }
    for (const [file, list] of by) {
      const name = saved.get(file);
      if (list.length === 0)
        check(`vnu: ${name}`, true);
      for (const m of list)
        check(`vnu: ${name}`, false, `${m.subType ?? m.type} at ` +
            `${path.basename(file)} line ${m.lastLine}: ${m.message}`);
    }
  }
}

// Adds page's script errors and the CSP violations its console reports
// to problems (an array).
export function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
      problems.push(`CSP: ${m.text()}`);
  });
}

// Signs in as user on the sign-in page open in page: fills the form,
// presses Enter and waits for the page it leads to. Returns that page's
// response (after the redirect, if any): a dashboard, the code step, or
// the form again with a 401.
export async function signIn(page, user, password) {
  await page.locator('[name="username"]').fill(user);
  await page.locator('[name="password"]').fill(password);
  const [resp] = await Promise.all([
    page.waitForNavigation(),
    page.locator('[name="password"]').press('Enter'),
  ]);
  return resp;
}

// Runs main() and exits with finish()'s status (2, a usage error, when
// main returns 2); a throw or running past limitMs is one more failed
// check.
export function run(main, limitMs) {
  const timer = setTimeout(() => {
    check(`the whole test within ${limitMs / 1000} s`, false, 'timed out');
    process.exit(finish());
  }, limitMs);
  main().then((rc) => {
    clearTimeout(timer);
    process.exit(rc === 2 ? 2 : finish());
  }, (e) => {
    clearTimeout(timer);
    check('test ran to the end', false, e && e.stack ? e.stack : e);
    process.exit(finish());
  });
}
