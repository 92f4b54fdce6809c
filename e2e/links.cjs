// End-to-end test of the hosted page, its links and offline use, in Debian's headless Chromium
// through playwright-core:
//   - a release build made with `--public-url /eksplain/` is served under /eksplain/ (as a GitHub
//     project page is) and decodes a token;
//   - every deep link form (#explain, #explain=ID, #gen=…, #input=…) shows its answer, following
//     `hashchange` too; the #gen= view is exactly what `eksplain gen` prints; broken links and
//     links over 32 KB get a message, never a dead page;
//   - "Copy link" of pasted get-token output holds no signature and no session token, and a link
//     that does hold one is said so and removed from the address bar;
//   - after one visit, a reload with the network off still decodes a token (the service worker),
//     and a new release is picked up on the next load;
//   - dist/eksplain.html copied alone to an empty folder and opened from disk (file://) with the
//     network off decodes a token and loads nothing else;
//   - no request leaves the origin, the CSP stays strict, nothing is logged as an error.
//
// Usage: EKSPLAIN_NODE_MODULES=<dir with playwright-core> node e2e/links.cjs <dist built with
//        --public-url /eksplain/> [<eksplain CLI binary, default target/debug/eksplain>
//        [<the single file to test, default DIST/eksplain.html>]]
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const { launchChromium } = require('./static.cjs');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.resolve(process.argv[2] || 'target/dist-eksplain');
const CLI = path.resolve(process.argv[3] || path.join(ROOT, 'target', 'debug', 'eksplain'));
const SINGLE_FILE = path.resolve(process.argv[4] || path.join(DIST, 'eksplain.html'));
const BASE_PATH = '/eksplain/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

// The server: dist/ under /eksplain/; `down` makes it drop every connection (the network is off);
// `patch` rewrites a served file (a new release).
const server = { down: false, patch: {}, served: [], failed: [] };

function serve() {
  const httpServer = http.createServer((req, res) => {
    if (server.down) {
      req.socket.destroy();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    server.served.push(pathname);
    if (pathname === BASE_PATH.slice(0, -1)) {
      res.writeHead(301, { location: BASE_PATH });
      res.end();
      return;
    }
    let file = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : null;
    if (file === '') file = 'index.html';
    const full = file === null ? null : path.join(DIST, path.normalize(file));
    if (full === null || !full.startsWith(DIST + path.sep) || !fs.existsSync(full)) {
      server.failed.push(pathname);
      res.writeHead(404);
      res.end('not found');
      return;
    }
    let body = fs.readFileSync(full);
    if (server.patch[file]) body = Buffer.from(server.patch[file](body.toString('utf8')));
    res.writeHead(200, { 'content-type': TYPES[path.extname(full)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
  return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer)));
}

function fixture(rel) {
  return fs.readFileSync(path.join(ROOT, 'tests', 'data', rel), 'utf8');
}

function cli(args, input) {
  const out = childProcess.spawnSync(CLI, args, { input: input || '', encoding: 'utf8' });
  if (out.error) throw out.error;
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

function b64url(text) {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

// The presigned URL inside a k8s-aws-v1. token, and its query values.
function tokenUrl(token) {
  return fromB64url(token.slice('k8s-aws-v1.'.length));
}

function queryValue(url, name) {
  const match = url.match(new RegExp(`[?&]${name}=([^&]*)`, 'i'));
  return match ? match[1] : null;
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`no build in ${DIST}`);
  if (!fs.existsSync(CLI)) throw new Error(`no eksplain CLI at ${CLI} (cargo build first)`);
  const httpServer = await serve();
  const origin = `http://127.0.0.1:${httpServer.address().port}`;
  const home = origin + BASE_PATH;
  const browser = await launchChromium();

  const foreign = [];
  const problems = [];
  function watch(context, allowed) {
    context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith('data:') && !allowed(url)) foreign.push(url);
    });
    context.on('page', (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    });
  }
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  watch(context, (url) => new URL(url).origin === origin);
  const page = await context.newPage();

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
  const fieldText = (p, kind, key) => p.locator(`article[data-kind="${kind}"] .field[data-key="${key}"] .value`).first().innerText();
  async function paste(p, text, selector) {
    await p.fill('#paste', '');
    await p.fill('#paste', text);
    await p.waitForSelector(selector, { timeout: 15000 });
  }
  async function open(url) {
    // A fresh document each time (a fragment-only change would be a hashchange instead).
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
  }
  const minted = JSON.parse(fixture('token/minted.json')).cases;
  const sessionCase = minted.find((c) => c.name === 'us-west-2-regional-session');
  const catalogue = JSON.parse(cli(['explain', '--json']).stdout);

  await check('served under /eksplain/, the page loads every file from there and decodes a token', async () => {
    await open(home);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp.includes("default-src 'self'") && csp.includes("worker-src 'self'") && !csp.includes('unsafe-inline'), `CSP: ${csp}`);
    await paste(page, sessionCase.token, 'article[data-kind="eks-token"]');
    const account = await fieldText(page, 'eks-token', 'account_id');
    expect(account === sessionCase.account, `account ${account}`);
    expect(server.failed.length === 0, `not found: ${server.failed.join(', ')}`);
    expect(server.served.every((p) => p.startsWith(BASE_PATH)), `outside ${BASE_PATH}: ${server.served.join(', ')}`);
    const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
    const response = await page.request.get(new URL(manifest, home).href);
    const json = await response.json();
    expect(json.start_url && json.icons.length > 0 && json.display === 'standalone', `manifest ${JSON.stringify(json)}`);
    const manifestUrl = new URL(manifest, home);
    expect(new URL(json.start_url, manifestUrl).href === home, `start_url ${json.start_url}`);
    for (const icon of json.icons) {
      const got = await page.request.get(new URL(icon.src, manifestUrl).href);
      expect(got.ok() && got.headers()['content-type'].startsWith(icon.type), `icon ${icon.src}: ${got.status()}`);
    }
    const download = await page.locator('a[download]').getAttribute('href');
    const single = await page.request.get(new URL(download, home).href);
    expect(single.ok() && (await single.text()).includes('wasmBytes'), `download link ${download}: ${single.status()}`);
  });

  await check('#explain=ID shows the entry: title, meaning, fix and the authenticator message', async () => {
    const entry = catalogue.find((e) => e.id === 'token.expired');
    await open(cli(['link', '--explain', 'token.expired', '--base', home]).stdout.trim());
    const article = page.locator('article.entry[data-id="token.expired"]');
    await article.waitFor({ timeout: 10000 });
    expect((await article.locator('h3').innerText()) === entry.title, 'title');
    expect((await article.locator('.meaning').innerText()) === entry.meaning, 'meaning');
    expect((await article.locator('.fix').innerText()).includes(entry.fix), 'fix');
    expect((await article.locator('.auth code').innerText()) === entry.authenticator, 'authenticator message');
  });

  await check('#explain with an unknown id suggests the nearest, and following one opens it', async () => {
    await open(home + '#explain=token.expird');
    const suggestion = page.locator('.unknown a:has-text("token.expired")');
    await suggestion.waitFor({ timeout: 10000 });
    await suggestion.click();
    await page.waitForSelector('article.entry[data-id="token.expired"]', { timeout: 5000 });
    expect(new URL(page.url()).hash === '#explain=token.expired', `hash ${page.url()}`);
  });

  await check('#explain lists every id and the search filters them', async () => {
    await open(home + '#explain');
    await page.waitForSelector('.catalogue-list li', { timeout: 10000 });
    const all = await page.locator('.catalogue-list li').count();
    expect(all === catalogue.length, `${all} listed, ${catalogue.length} in the catalogue`);
    await page.fill('input[data-opt="search"]', 'x509');
    await page.waitForFunction((n) => document.querySelectorAll('.catalogue-list li').length < n, all, { timeout: 5000 });
    const ids = await page.locator('.catalogue-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
    expect(ids.length > 0, 'no match for x509');
    for (const id of ids) {
      const e = catalogue.find((c) => c.id === id);
      expect(`${e.id} ${e.title} ${e.meaning}`.toLowerCase().includes('x509'), `${id} does not match`);
    }
  });

  await check('#gen= shows exactly what eksplain gen prints (link made by eksplain link --gen)', async () => {
    const args = ['--principal', 'arn:aws:sts::111122223333:assumed-role/ci-agent/x', '--cluster', 'prod',
      '--region', 'eu-west-1', '--group', 'deployers', '--group', 'view ers', '--namespace', 'apps'];
    const link = cli(['link', '--gen', 'all', ...args, '--base', home]).stdout.trim();
    expect(link.startsWith(home + '#gen=all&principal='), `link ${link}`);
    const printed = cli(['gen', 'all', ...args]).stdout;
    await open(link);
    await page.waitForSelector('.gen .snippet pre', { timeout: 10000 });
    const shown = await page.locator('.gen .snippet pre').evaluateAll((pres) => pres.map((p) => p.textContent).join(''));
    expect(shown.trimEnd() === printed.trimEnd(), `page:\n${shown}\n---\nCLI:\n${printed}`);
    const one = cli(['link', '--gen', 'aws-cli', ...args, '--base', home]).stdout.trim();
    await page.evaluate((hash) => { location.hash = hash; }, new URL(one).hash);
    await page.waitForFunction(() => document.querySelectorAll('.gen .snippet').length === 1, null, { timeout: 5000 });
    const text = await page.locator('.gen .snippet pre').innerText();
    expect(text.trim() === cli(['gen', 'aws-cli', ...args]).stdout.trim(), `aws-cli: ${text}`);
  });

  await check('#input= fills the paste box and inspects it (link made by eksplain link)', async () => {
    const story = fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-laptop.yaml');
    const made = cli(['link', '--base', home], story);
    expect(made.code === 0 && made.stderr.includes('no secret'), `eksplain link: ${made.code} ${made.stderr}`);
    await open(made.stdout.trim());
    await page.waitForSelector('li.finding[data-id="access.not-mapped"]', { timeout: 10000 });
    expect((await page.inputValue('#paste')) === story, 'paste box differs from the input');
    expect(await page.locator('.notice[data-notice="opened"]').count() === 1, 'no "opened from a link" notice');
    expect(new URL(page.url()).hash.startsWith('#input='), 'a link without secrets stays in the address bar');
  });

  await check('a hashchange while the page is open is followed', async () => {
    await open(home);
    await page.evaluate((hash) => { location.hash = hash; }, '#input=' + b64url('arn:aws:iam::111122223333:role/admin'));
    await page.waitForSelector('article[data-kind="arn"]', { timeout: 10000 });
    await page.evaluate(() => { location.hash = '#explain=aws-auth.empty'; });
    await page.waitForSelector('article.entry[data-id="aws-auth.empty"]', { timeout: 5000 });
    await page.click('.deep .close');
    await page.waitForFunction(() => !document.querySelector('.deep') && location.hash === '', null, { timeout: 5000 });
  });

  await check('a link over 32 KB and broken links get a message, never a dead page', async () => {
    await open(home + '#input=' + 'A'.repeat(40 * 1024));
    const long = await page.locator('.notice[data-notice="invalid"]').innerText();
    expect(long.includes('32 KB'), `message: ${long}`);
    expect((await page.inputValue('#paste')) === '', 'a cut link was pasted');
    for (const hash of ['#input=%%%', '#input=@@', '#input=' + Buffer.from([0xff, 0xfe]).toString('base64url'),
      '#gen=nope&principal=x', '#gen=aws-auth', '#gen=aws-auth&principal=x&bogus=1', '#nonsense', '#explain=a&b',
      '#%F0%28%8C%BC=1', '#gen=' + '%'.repeat(3000)]) {
      await open(home + hash);
      await page.waitForSelector('.notice[data-notice="invalid"]', { timeout: 5000 });
      expect(await page.locator('#panic').isHidden(), `panic on ${hash}`);
    }
    for (const hash of ['#' + '&'.repeat(500), '#=', '#gen=aws-auth&principal=arn:aws:s3:::bucket']) {
      await open(home + hash);
      expect(await page.locator('#panic').isHidden(), `panic on ${hash}`);
    }
    const cut = cli(['link', '--base', home], 'x'.repeat(40 * 1024));
    expect(cut.code === 2 && cut.stderr.includes('32 KB'), `CLI: ${cut.code} ${cut.stderr}`);
  });

  await check('"Copy link" of get-token output holds no signature and no session token', async () => {
    for (const [what, text] of [['examples/get-token.json', fixture('examples/get-token.json')],
      ['a session get-token output', sessionCase.exec_credential]]) {
      const token = JSON.parse(text).status.token;
      const url = tokenUrl(token);
      const secrets = [queryValue(url, 'X-Amz-Signature'), queryValue(url, 'X-Amz-Security-Token')].filter(Boolean);
      expect(secrets.length >= 1, `${what}: no secrets to remove`);
      await open(home);
      await paste(page, text, 'article[data-kind="eks-token"]');
      const account = await fieldText(page, 'eks-token', 'account_id');
      await page.click('button.copy-link');
      const note = await page.locator('.share-note').innerText();
      expect(note.includes('signature'), `${what}: note ${note}`);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.startsWith(home + '#input='), `${what}: copied ${copied.slice(0, 80)}`);
      const shared = fromB64url(new URL(copied).hash.slice('#input='.length));
      const sharedUrl = tokenUrl(JSON.parse(shared).status.token);
      for (const secret of secrets) {
        for (const form of [secret, decodeURIComponent(secret)]) {
          expect(!copied.includes(form) && !shared.includes(form) && !sharedUrl.includes(form), `${what}: the link holds a secret`);
        }
      }
      expect(new URL(page.url()).hash === '' && (await page.evaluate(() => localStorage.length + sessionStorage.length)) === 0,
        'the page wrote the input somewhere');
      // Whoever opens it still sees the account, and is not told it holds a secret.
      await open(copied);
      await page.waitForSelector('article[data-kind="eks-token"]', { timeout: 10000 });
      expect((await fieldText(page, 'eks-token', 'account_id')) === account, `${what}: account lost`);
      expect(await page.locator('.notice[data-notice="secret"]').count() === 0, `${what}: the redacted link was called secret`);
    }
  });

  await check('a link that holds a secret is said so and removed from the address bar', async () => {
    await open(home + '#input=' + b64url(sessionCase.exec_credential));
    const notice = await page.locator('.notice[data-notice="secret"]').innerText();
    expect(/session token/.test(notice) && /signature/.test(notice), `notice: ${notice}`);
    expect(page.url() === home, `address bar: ${page.url()}`);
    await page.waitForSelector('article[data-kind="eks-token"]', { timeout: 10000 });
    expect(await page.evaluate(() => location.hash === ''), 'fragment still there');
  });

  await check('after one visit, a reload with the network off still decodes a token', async () => {
    await open(home);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
    await context.setOffline(true);
    server.down = true;
    try {
      const before = server.served.length;
      await page.reload();
      await page.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
      await paste(page, sessionCase.token, 'article[data-kind="eks-token"]');
      expect((await fieldText(page, 'eks-token', 'account_id')) === sessionCase.account, 'account');
      await page.goto(home + '#explain=token.expired');
      await page.waitForSelector('article.entry[data-id="token.expired"]', { timeout: 10000 });
      expect(server.served.length === before, 'a request reached the server while it was down');
    } finally {
      server.down = false;
      await context.setOffline(false);
    }
  });

  await check('a new release is picked up on the next load', async () => {
    const worker = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
    const version = worker.match(/const VERSION = "([0-9a-f]+)";/)[1];
    server.patch['sw.js'] = (text) => text.replace(version, version + '-next');
    try {
      await page.reload();
      await page.waitForFunction(async (v) => {
        const keys = await caches.keys();
        return keys.some((k) => k.endsWith(' ' + v + '-next')) && !keys.some((k) => k.endsWith(' ' + v));
      }, version, { timeout: 20000, polling: 250 });
    } finally {
      delete server.patch['sw.js'];
    }
  });

  await check('dist/eksplain.html alone, opened from disk with the network off, decodes a token and loads nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksplain-single-'));
    const file = path.join(dir, 'eksplain.html');
    fs.copyFileSync(SINGLE_FILE, file);
    const url = 'file://' + file;
    const offline = await browser.newContext({ offline: true });
    const loaded = [];
    offline.on('request', (req) => loaded.push(req.url()));
    watch(offline, (u) => u === url);
    try {
      const p = await offline.newPage();
      await p.goto(url);
      await p.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
      const csp = await p.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(csp.includes("default-src 'none'") && csp.includes("connect-src 'none'") && /script-src 'sha256-[^']+' 'wasm-unsafe-eval'/.test(csp)
        && !csp.includes('unsafe-inline') && !csp.includes("'self'"), `CSP: ${csp}`);
      await paste(p, sessionCase.exec_credential, 'article[data-kind="eks-token"]');
      expect((await fieldText(p, 'eks-token', 'account_id')) === sessionCase.account, 'account');
      expect(await p.locator('a[download]').count() === 0, 'the single file links to a download of itself');
      const others = loaded.filter((u) => u !== url && !u.startsWith('data:'));
      expect(others.length === 0, `loaded: ${others.join(', ')}`);
      expect(fs.readdirSync(dir).length === 1, 'the folder changed');
    } finally {
      await offline.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  await check('no request left the origin and no errors were logged', async () => {
    expect(foreign.length === 0, `requests outside ${origin}: ${foreign.join(', ')}`);
    expect(problems.length === 0, problems.join('\n'));
  });

  await browser.close();
  httpServer.close();
  console.log(`  ${path.relative(ROOT, SINGLE_FILE)}: ${fs.statSync(SINGLE_FILE).size} bytes`);
  const failed = results.filter(([, err]) => err).length;
  console.log(`links e2e: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
