// Benchmark of the page in Debian's headless Chromium through playwright-core (a measurement,
// not a test: it fails only if the page cannot be measured at all). Serves dist/ with the e2e
// static server and, over RUNS fresh page loads (a new browser context each: no HTTP cache, no
// compiled wasm, no service worker yet), prints medians, each when it is in the DOM ("DOM") and
// when the frame showing it has been painted ("painted": a task posted from the next animation
// frame, and never before the first paint):
//   - first paint and first contentful paint (the browser's `paint` timings);
//   - paste box ready: a visible `textarea`, neither disabled nor read-only, exists (whether
//     index.html or the wasm app puts it there), checked by an init script on every DOM change
//     and every animation frame;
//   - app started: the wasm app has mounted (Trunk's `TrunkApplicationStarted` event, which
//     follows the app's `main`) and a textarea is on the page;
//   - paste → result: for each input below, timed inside the page from setting the paste box's
//     value and firing `input` (as a paste does) until the result's elements are in the DOM, the
//     first time after the load (cold: the wasm's code runs for the first time); then "warm",
//     the same paste again, as the page's own `eksplain:paste-to-painted` measure; and "bare",
//     the browser's own share: the same text into a bare textarea on a blank page, until painted
//     (laying out a 200 KB textarea is most of a big paste's time, and no page can avoid it).
// Each load pastes every input once, in the order below, clearing the box in between. The init
// and timing scripts are injected by the driver, so the page's CSP stays as it is.
//
// Usage: EKSPLAIN_NODE_MODULES=<dir with playwright-core> node e2e/bench.cjs dist [RUNS]
'use strict';

const path = require('path');


const { serveDir, fixture, launchChromium } = require('./static.cjs');

const DIST = path.resolve(process.argv[2] || 'dist');
const RUNS = Number(process.argv[3] || 7);
const TIMEOUT_MS = 60000;

// What is pasted, and how the page shows it is done: `selector` matches at least `count` elements.
// Selectors are the page's data attributes (data-kind, data-id), not its layout.
function inputs() {
  const minted = JSON.parse(fixture('token/minted.json')).cases;
  const token = minted.find((c) => c.name === 'us-west-2-regional-session');
  const bundle = fixture('cert/ca-certificates.crt');
  const nCerts = (bundle.match(/-----BEGIN CERTIFICATE-----/g) || []).length;
  return [
    { name: 'get-token output', text: token.exec_credential, selector: '[data-kind="eks-token"]', count: 1 },
    { name: 'certificate-authority-data', text: fixture('cert/eks-ca.b64'), selector: '[data-kind="certificate-authority-data"]', count: 1 },
    {
      name: 'caller identity + aws-auth',
      text: fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-laptop.yaml'),
      selector: '[data-id="access.not-mapped"]',
      count: 1,
    },
    {
      name: `CA bundle (${nCerts} certificates, ${Math.round(bundle.length / 1024)} KB)`,
      text: bundle, selector: '[data-kind="pem-certificate"]', count: nCerts,
    },
  ];
}

// Runs in the page before any of its scripts: records when the paste box is ready and when the
// app has started, each when it is in the DOM (checked on every DOM change and animation frame)
// and when the frame after that has been painted.
function recordLoad() {
  const marks = {};
  window.__eksplainBench = marks;
  const afterPaint = (name) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { marks[name] = performance.now(); };
    channel.port2.postMessage(null);
  });
  const visibleInput = (area) => {
    if (!area || area.disabled || area.readOnly || area.getClientRects().length === 0) return false;
    const style = getComputedStyle(area);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  };
  const check = () => {
    const now = performance.now();
    if (marks.pasteReady === undefined && [...document.querySelectorAll('textarea')].some(visibleInput)) {
      marks.pasteReady = now;
      afterPaint('pasteReadyPainted');
    }
    if (marks.appStarted === undefined && marks.wasmStarted !== undefined && document.querySelector('textarea')) {
      marks.appStarted = now;
      afterPaint('appStartedPainted');
    }
    return marks.pasteReady !== undefined && marks.appStarted !== undefined;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => { if (!check()) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  addEventListener('TrunkApplicationStarted', () => {
    marks.wasmStarted = performance.now();
    check();
  });
}

// In the page: pastes `text` as one input event, then waits until `selector` matches `count`
// elements (DOM), and until that frame is painted. Returns milliseconds, or null on a timeout.
async function pasteInPage({ text, selector, count, timeout }) {
  const area = document.querySelector('#paste') || document.querySelector('textarea');
  const done = () => document.querySelectorAll(selector).length >= count;
  const started = performance.now();
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
  const dom = await new Promise((resolve) => {
    if (done()) { resolve(performance.now()); return; }
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); clearTimeout(timer); resolve(performance.now()); }
    });
    const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
  if (dom === null) return { dom: null, painted: null };
  // The next frame renders the result; a task posted from its rAF callback runs after its paint.
  const painted = await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  }));
  return { dom: dom - started, painted: painted - started };
}

// In the page, warm (the same input already pasted once in this load): pastes `text` again and
// returns the page's own `eksplain:paste-to-painted` measure (src/ui/perf.rs: from the input
// event to just after the frame showing the result), or null on a timeout.
async function pasteWarmInPage({ text, timeout }) {
  const name = 'eksplain:paste-to-painted';
  const before = performance.getEntriesByName(name).length;
  const area = document.querySelector('#paste') || document.querySelector('textarea');
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
  const deadline = performance.now() + timeout;
  while (performance.getEntriesByName(name).length <= before && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const entries = performance.getEntriesByName(name);
  return entries.length > before ? entries[entries.length - 1].duration : null;
}

// In a blank page holding only a textarea: empties it (two frames), then sets `text` and returns
// the milliseconds until the frame showing it has been painted.
async function bareTextarea(text) {
  const area = document.querySelector('textarea');
  area.value = '';
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const started = performance.now();
  area.value = text;
  return new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now() - started);
    channel.port2.postMessage(null);
  }));
}

// In the page: empties the paste box and waits until no result is shown, then two frames.
async function clearInPage({ timeout }) {
  const area = document.querySelector('#paste') || document.querySelector('textarea');
  area.value = '';
  area.dispatchEvent(new Event('input', { bubbles: true }));
  const deadline = performance.now() + timeout;
  while (document.querySelector('#app [data-kind]') && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(value) {
  return value === null ? 'n/a' : value.toFixed(0);
}

async function main() {
  const server = await serveDir(DIST);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const cases = inputs();
  const loads = { fp: [], fcp: [], pasteReady: [], pasteReadyPainted: [], appStarted: [], appStartedPainted: [] };
  const pastes = cases.map(() => ({ dom: [], painted: [], warm: [] }));
  const problems = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addInitScript(recordLoad);
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`load ${run + 1}: page error: ${err.message}`));
    try {
      await page.goto(origin + '/');
      await page.waitForFunction(() => {
        const m = window.__eksplainBench;
        return m && m.pasteReadyPainted !== undefined && m.appStartedPainted !== undefined;
      }, null, { timeout: TIMEOUT_MS });
      const marks = await page.evaluate(() => new Promise((resolve) => {
        // The paint timings are reported once they have happened; wait for them if need be.
        const paint = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
        const report = () => resolve({ ...window.__eksplainBench, fp: paint('first-paint') ?? null, fcp: paint('first-contentful-paint') ?? null });
        if (paint('first-contentful-paint') !== undefined) { report(); return; }
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName('first-contentful-paint').length) { observer.disconnect(); report(); }
        }).observe({ type: 'paint', buffered: true });
        setTimeout(report, 5000);
      }));
      // Nothing is on screen before the first paint.
      const painted = (t) => (marks.fp === null ? t : Math.max(t, marks.fp));
      loads.fp.push(marks.fp);
      loads.fcp.push(marks.fcp);
      loads.pasteReady.push(marks.pasteReady);
      loads.pasteReadyPainted.push(painted(marks.pasteReadyPainted));
      loads.appStarted.push(marks.appStarted);
      loads.appStartedPainted.push(painted(marks.appStartedPainted));
      for (const [idx, c] of cases.entries()) {
        await page.evaluate(clearInPage, { timeout: TIMEOUT_MS });
        const took = await page.evaluate(pasteInPage, { text: c.text, selector: c.selector, count: c.count, timeout: TIMEOUT_MS });
        if (took.dom === null) problems.push(`load ${run + 1}: ${c.name}: no ${c.count} × ${c.selector} after ${TIMEOUT_MS} ms`);
        pastes[idx].dom.push(took.dom);
        pastes[idx].painted.push(took.painted);
        await page.evaluate(clearInPage, { timeout: TIMEOUT_MS });
        pastes[idx].warm.push(await page.evaluate(pasteWarmInPage, { text: c.text, timeout: TIMEOUT_MS }));
      }
    } catch (err) {
      problems.push(`load ${run + 1}: ${err.message.split('\n')[0]}`);
    }
    await context.close();
  }
  // The browser's own share: the same text into a bare textarea on a blank page, until painted.
  const floor = cases.map(() => []);
  const blank = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const bare = await blank.newPage();
  await bare.setContent('<textarea style="width:100%;height:10em;font:13px/1.45 monospace"></textarea>');
  for (let run = 0; run < RUNS; run++) {
    for (const [idx, c] of cases.entries()) floor[idx].push(await bare.evaluate(bareTextarea, c.text));
  }
  await blank.close();
  await browser.close();
  server.close();

  const width = Math.max(...cases.map((c) => c.name.length), 34) + 2;
  const row = (label, ...cols) => console.log(`  ${label.padEnd(width)}${cols.map((c) => String(c).padStart(9)).join('')}`);
  console.log(`  page load, median of ${RUNS} fresh loads (ms from navigation start)`);
  row('', 'DOM', 'painted');
  row('first paint', '', ms(median(loads.fp)));
  row('first contentful paint', '', ms(median(loads.fcp)));
  row('paste box ready (visible, enabled)', ms(median(loads.pasteReady)), ms(median(loads.pasteReadyPainted)));
  row('app started (wasm mounted)', ms(median(loads.appStarted)), ms(median(loads.appStartedPainted)));
  console.log(`  paste → result, median of ${RUNS} (ms from the input event, in the page; first paste after a`);
  console.log('  fresh load, and warm: the same paste again, by the page\'s eksplain:paste-to-painted measure)');
  console.log('  "bare": the browser alone, the same text set into a bare textarea on a blank page until painted');
  row('', 'DOM', 'painted', 'warm', 'bare');
  for (const [idx, c] of cases.entries()) {
    row(c.name, ms(median(pastes[idx].dom)), ms(median(pastes[idx].painted)), ms(median(pastes[idx].warm)), ms(median(floor[idx])));
  }
  for (const problem of problems) console.log(`  problem: ${problem}`);
  const measured = loads.pasteReady.length > 0 && pastes.every((p) => median(p.dom) !== null);
  process.exit(measured ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
