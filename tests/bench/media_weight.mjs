// media_weight.mjs: the measuring half of tests/bench/media.py. Loads two
// pages in headless Chromium (the browser suite's playwright-core and
// /usr/bin/chromium) as a phone shows them: 375 px wide, each in a new
// context (an empty cache), scrolled down a screen at a time to the end so
// that every lazy image loads, at device scale factors 1 and 2; counts
// the bytes each page, its style sheets and its images took on the wire
// (CDP's encodedDataLength: compressed, headers included).
//
// Usage: node media_weight.mjs BASE_URL OPTIMIZED_PATH ORIGINALS_PATH N
//   N   the images each page's article must show, every one loaded
// Prints a JSON array on stdout, one object per scale factor:
// { dpr, optimized: { bytes, requests, images, shown }, originals: ... },
// shown being each image's currentSrc; exits 1 with a message on stderr
// when a page does not show its N images.

import { launch } from '../browser/checks.mjs';

const STEP_TIMEOUT = 60000;   // ms: a 2 MB original on a loaded machine
const VIEWPORT = { width: 375, height: 667 };

// Whether every image of the page has loaded with pixels.
function allLoaded() {
  return [...document.images].every((i) => i.complete && i.naturalWidth > 0);
}

// Whether every image within the viewport has loaded: what a reader who
// stopped scrolling there waits for.
function inViewLoaded() {
  return [...document.images].every((i) => {
    const r = i.getBoundingClientRect();
    return r.bottom < 0 || r.top > innerHeight ||
        (i.complete && i.naturalWidth > 0);
  });
}

// One page on a cold cache at scale dpr: its transfer, request count and
// the image each <img> shows.
async function weigh(browser, url, dpr, n) {
  const ctx = await browser.newContext({ viewport: VIEWPORT,
    deviceScaleFactor: dpr, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) =>
    requests.set(e.requestId, { url: e.request.url, type: e.type,
      bytes: 0, done: false }));
  const done = (e, bytes) => {
    const q = requests.get(e.requestId);
    if (q) {
      q.bytes = bytes;
      q.done = true;
    }
  };
  cdp.on('Network.loadingFinished', (e) => done(e, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => done(e, 0));

  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp || resp.status() !== 200)
    throw new Error(`${url}: ${resp ? resp.status() : 'no response'}`);
  for (;;) {
    await page.waitForFunction(inViewLoaded);
    const end = await page.evaluate(() => {
      const before = scrollY;
      scrollBy(0, innerHeight);
      return scrollY === before;
    });
    if (end)
      break;
  }
  await page.waitForFunction(allLoaded);
  // What is still on the wire (a favicon) is counted once it ends.
  const deadline = Date.now() + STEP_TIMEOUT;
  while ([...requests.values()].some((q) => !q.done) &&
      Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('article img')].map((i) => i.currentSrc));
  await ctx.close();
  const list = [...requests.values()];
  const images = list.filter((q) => q.type === 'Image');
  if (shown.length !== n)
    throw new Error(`${url} shows ${shown.length} images in its article, ` +
        `not ${n}`);
  return { bytes: list.reduce((s, q) => s + q.bytes, 0),
    requests: list.length,
    images: images.reduce((s, q) => s + q.bytes, 0), shown };
}

async function main() {
  const [base, optimized, originals, n] = process.argv.slice(2);
  if (!base || !optimized || !originals || !n) {
    console.error('usage: node media_weight.mjs BASE_URL OPTIMIZED_PATH ' +
        'ORIGINALS_PATH N');
    return 2;
  }
  const browser = await launch();
  const rows = [];
  try {
    for (const dpr of [1, 2]) {
      rows.push({ dpr,
        optimized: await weigh(browser, base + optimized, dpr, Number(n)),
        originals: await weigh(browser, base + originals, dpr, Number(n)) });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(rows));
  return 0;
}

main().then((rc) => process.exit(rc), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
