// End-to-end test of hostile input: serve dist/ on 127.0.0.1 (as e2e/e2e.cjs does), open it in
// Debian's headless Chromium through playwright-core, and paste
//  - a kubeconfig and an aws-auth ConfigMap whose names, servers and users are markup
//    (`<img src=x onerror=…>`, `<script>`, `javascript:` URLs) and right-to-left-override and
//    zero-width characters: no script runs (the payloads would set a flag or open a dialog), no
//    request is made at all after the page has loaded (not even a same-origin `x` for the image),
//    the text is shown as text, and the look-alike ARNs get `arn.confusable-characters`;
//  - the whole system CA bundle ten times: the page's heap after a forced garbage collection must
//    not keep growing (paste 10 against paste 2, with a tolerance).
//
// Usage: EKSPLAIN_NODE_MODULES=<dir with playwright-core> node e2e/hostile.cjs dist
'use strict';

const path = require('path');


const ROOT = path.resolve(__dirname, '..');
const DIST = path.resolve(process.argv[2] || 'dist');

const { serveDir, fixture, launchChromium } = require('./static.cjs');

function serve() {
  return serveDir(DIST);
}

// Every payload, if it ever ran, would record itself in window.__pwned or open a dialog.
const IMG = '<img src=x onerror=window.__pwned.push(1)>';
const SCRIPT = '<script>window.__pwned.push(2)</script>';
const JS_URL = 'javascript:window.__pwned.push(3)';
const SVG = '<svg onload=window.__pwned.push(4)>';
const RLO = '\u202E';
const ZWSP = '\u200B';
const CYRILLIC_A = '\u0430';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: '${IMG}'
  cluster:
    server: '${JS_URL}'
- name: "${SCRIPT}"
  cluster:
    server: "https://${ZWSP}evil.example${RLO}moc.elpmaxe"
contexts:
- name: '${SVG}'
  context:
    cluster: '${IMG}'
    user: "${RLO}nimda${ZWSP}"
current-context: '${SVG}'
users:
- name: "${RLO}nimda${ZWSP}"
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: '${IMG}'
      args: ["eks", "get-token", "--cluster-name", '${SCRIPT}', "--role-arn", "arn:aws:iam::111122223333:role/${CYRILLIC_A}dmin"]
`;

const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/${CYRILLIC_A}dmin
      username: '${IMG}'
      groups:
        - "${SCRIPT}"
    - rolearn: arn:aws:iam::111122223333:role/ops${ZWSP}
      username: "${RLO}toor"
      groups: ['${JS_URL}']
  mapUsers: |
    - userarn: "arn:aws:iam::111122223333:user/${SVG}"
      username: '${SVG}'
      groups: [system:masters]
`;

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  // Before any page script: the flag the payloads would set, and alert/confirm/prompt recorded.
  await page.addInitScript(() => {
    window.__pwned = [];
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    for (const name of ['alert', 'confirm', 'prompt']) {
      window[name] = (...args) => { window.__pwned.push(`${name}(${args.join(',')})`); };
    }
  });

  const requests = [];
  const problems = [];
  const dialogs = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

  const results = [];
  async function check(name, fn) {
    try {
      await fn();
      results.push([name, null]);
      console.log(`  ok    ${name}`);
    } catch (err) {
      results.push([name, err]);
      console.log(`  FAIL  ${name}: ${err.message}`);
    }
  }
  function expect(cond, message) {
    if (!cond) throw new Error(message);
  }
  async function paste(text) {
    await page.evaluate((t) => {
      const area = document.querySelector('#paste');
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
  }

  await page.goto(origin + '/');
  await page.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const loaded = requests.length;
  const before = await page.evaluate(() => ({
    img: document.images.length, script: document.scripts.length,
    svg: document.querySelectorAll('svg').length,
  }));

  await check('hostile kubeconfig and aws-auth: no script runs, no request, text shown as text', async () => {
    await paste(`${KUBECONFIG}---\n${AWS_AUTH}`);
    await page.waitForSelector('article[data-kind="kubeconfig"]', { timeout: 15000 });
    await page.waitForSelector('article[data-kind="aws-auth"]', { timeout: 15000 });
    await page.waitForTimeout(1000); // time for an onerror or onload to fire, if one could
    const state = await page.evaluate(() => ({
      pwned: window.__pwned,
      img: document.images.length, script: document.scripts.length,
      svg: document.querySelectorAll('svg').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: [...document.querySelectorAll('[href],[src],[action],[formaction]')]
        .filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction') || '')).length,
      text: document.body.innerText,
    }));
    expect(state.pwned.length === 0, `a payload ran: ${JSON.stringify(state.pwned)}`);
    expect(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);
    expect(state.img === before.img && state.script === before.script && state.svg === before.svg,
      `elements were created from the paste: ${JSON.stringify({ before, after: state })}`);
    expect(state.handlers === 0, `${state.handlers} element(s) carry an on* attribute`);
    expect(state.jsLinks === 0, `${state.jsLinks} javascript: link(s)`);
    const after = requests.slice(loaded);
    expect(after.length === 0, `requests after the paste: ${after.join(', ')}`);
    for (const literal of [IMG, SCRIPT, JS_URL, SVG]) {
      expect(state.text.includes(literal), `not shown as text: ${literal}`);
    }
    const cluster = await page.locator('article[data-kind="kubeconfig"] .field[data-key="cluster"] .value').first().innerText();
    expect(cluster.startsWith(IMG), `cluster field: ${cluster}`);
  });

  await check('look-alike and invisible characters in ARNs get a warning', async () => {
    const ids = await page.locator('li.finding[data-id="arn.confusable-characters"]').count();
    expect(ids >= 2, `${ids} arn.confusable-characters finding(s)`);
    const message = await page.locator('li.finding[data-id="arn.confusable-characters"] .message').first().innerText();
    expect(message.includes('U+0430') || message.includes('U+200B'), `message: ${message}`);
  });

  await check('the page heap does not grow when the CA bundle is pasted ten times', async () => {
    const bundle = fixture('cert/ca-certificates.crt');
    const expected = (bundle.match(/BEGIN CERTIFICATE/g) || []).length;
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const measure = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      const wasm = await page.evaluate(() => (window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : null));
      return { used: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, wasm };
    };
    const samples = [];
    for (let i = 1; i <= 10; i++) {
      await paste('');
      await page.waitForFunction(() => document.querySelectorAll('[data-kind="pem-certificate"]').length === 0, null, { timeout: 30000 });
      await paste(bundle);
      // One table row per certificate (a card only for a row that is opened).
      await page.waitForFunction((n) => document.querySelectorAll('.cert-table tr[data-kind="pem-certificate"]').length === n, expected, { timeout: 60000 });
      samples.push(await measure());
    }
    const mb = (n) => (n / 1048576).toFixed(1);
    for (const [i, s] of samples.entries()) {
      console.log(`        paste ${i + 1}: JS heap ${mb(s.used)} MB, DOM nodes ${s.nodes}, listeners ${s.listeners}${s.wasm ? `, wasm memory ${mb(s.wasm)} MB` : ''}`);
    }
    const [second, tenth] = [samples[1], samples[9]];
    // Ten pastes of 220 KB that each leaked would add megabytes; allow 25% + 4 MB of noise.
    expect(tenth.used <= second.used * 1.25 + 4 * 1048576, `JS heap grew: ${mb(second.used)} MB -> ${mb(tenth.used)} MB`);
    expect(tenth.nodes <= second.nodes * 1.1 + 500, `DOM nodes grew: ${second.nodes} -> ${tenth.nodes}`);
    if (second.wasm && tenth.wasm) {
      expect(tenth.wasm <= second.wasm * 1.5 + 16 * 1048576, `wasm memory grew: ${mb(second.wasm)} MB -> ${mb(tenth.wasm)} MB`);
    }
  });

  await check('control: the same markup inserted as HTML is caught by these checks', async () => {
    // Proves the checks above are not vacuous: parsed as HTML, the image is created and requests
    // /x (its onerror is then blocked by the CSP, which is a second line of defence).
    const seen = requests.length;
    const created = await page.evaluate((html) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      document.body.append(div);
      const n = document.images.length;
      div.remove();
      return n;
    }, IMG);
    expect(created === before.img + 1, `control image not created (${created})`);
    await page.waitForTimeout(500);
    expect(requests.slice(seen).some((u) => u.endsWith('/x')), 'control image made no request');
    problems.splice(0); // the CSP report for the blocked handler of the control
  });

  await check('no request left the page origin and no errors were logged', async () => {
    const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(foreign.length === 0, `requests outside ${origin}: ${foreign.join(', ')}`);
    expect(problems.length === 0, problems.join('\n'));
  });

  await browser.close();
  server.close();
  const failed = results.filter(([, err]) => err).length;
  console.log(`hostile: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
