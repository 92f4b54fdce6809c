// End-to-end test: serve dist/ on 127.0.0.1, open it in Debian's headless Chromium through
// playwright-core, paste real inputs, read the decoded answer, and fail if the page requests
// anything outside its own origin, violates its CSP, or writes the input anywhere.
//
// Usage: EKSPLAIN_NODE_MODULES=<dir with playwright-core> node e2e/e2e.cjs dist
'use strict';

const fs = require('fs');
const path = require('path');


const ROOT = path.resolve(__dirname, '..');
const DIST = path.resolve(process.argv[2] || 'dist');
const OUT = path.join(ROOT, 'target', 'e2e');

const { serveDir, fixture, launchChromium } = require('./static.cjs');

function serve() {
  return serveDir(DIST);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();

  const foreign = [];
  const problems = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) foreign.push(url);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().includes('example.invalid')) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

  const minted = JSON.parse(fixture('token/minted.json')).cases;
  const tokenCase = minted.find((c) => c.name === 'us-west-2-regional-session');
  const signedAt = new Date(tokenCase.url.match(/X-Amz-Date=(\d{8}T\d{6}Z)/)[1]
    .replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

  // The page's clock is installed at signing time + 5 minutes, so the countdown is predictable.
  await page.clock.install({ time: new Date(signedAt.getTime() + 5 * 60 * 1000) });
  // Count the page's live intervals (the 1-second tick), wrapping the fake clock's timers.
  await page.addInitScript(() => {
    const set = window.setInterval;
    const clear = window.clearInterval;
    const live = new Set();
    window.__eksplainIntervals = live;
    window.setInterval = function (...args) { const id = set.apply(this, args); live.add(id); return id; };
    window.clearInterval = function (id) { live.delete(id); return clear.call(this, id); };
  });

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
  const fieldText = (kind, key) => page.locator(`article[data-kind="${kind}"] .field[data-key="${key}"] .value`).first().innerText();
  const timings = [];
  const liveIntervals = () => page.evaluate(() => window.__eksplainIntervals.size);
  async function clearAndCheck() {
    await page.click('text=Clear');
    await page.waitForSelector('p.empty', { timeout: 5000 });
    const state = await page.evaluate(() => ({
      text: document.querySelector('#paste').value,
      chips: document.querySelectorAll('.file-chip').length,
      cards: document.querySelectorAll('article').length,
      findings: document.querySelectorAll('li.finding').length,
    }));
    expect(state.text === '' && state.chips === 0 && state.cards === 0 && state.findings === 0,
      `Clear left ${JSON.stringify(state)}`);
  }
  // Deterministic random bytes (a 32-bit LCG), for binary noise.
  function randomBytes(n, seed) {
    const out = Buffer.alloc(n);
    let x = seed >>> 0;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      out[i] = x >>> 24;
    }
    return out;
  }
  async function paste(text, selector) {
    await page.fill('#paste', '');
    const started = Date.now();
    await page.fill('#paste', text);
    await page.waitForSelector(selector, { timeout: 15000 });
    return Date.now() - started;
  }

  await check('page loads with the paste box and a CSP', async () => {
    await page.goto(origin + '/');
    await page.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp.includes("default-src 'self'") && !csp.includes('unsafe-inline'), `weak CSP: ${csp}`);
    const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
    expect(inline === 0, `${inline} inline script(s)`);
  });

  await check('the paste box takes input before the wasm has loaded, and the app keeps it', async () => {
    // The wasm is held back until the text is typed: the paste box is index.html's static shell.
    const early = await browser.newPage();
    const errors = [];
    early.on('pageerror', (err) => errors.push(err.message));
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await early.route('**/*.wasm', async (route) => { await held; await route.continue(); });
    await early.goto(origin + '/', { waitUntil: 'domcontentloaded' });
    await early.waitForSelector('#paste', { state: 'visible', timeout: 5000 });
    expect(await early.evaluate(() => !document.documentElement.dataset.app), 'the app was live before its wasm loaded');
    const arn = 'arn:aws:iam::111122223333:role/ci-agent';
    await early.click('#paste');
    await early.keyboard.type(arn);
    release();
    await early.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
    await early.waitForSelector('article[data-kind="arn"]', { timeout: 5000 });
    const after = await early.evaluate(() => ({
      value: document.querySelector('#paste').value,
      focused: document.activeElement === document.querySelector('#paste'),
      caret: document.querySelector('#paste').selectionStart,
      boxes: document.querySelectorAll('textarea').length,
    }));
    expect(after.value === arn && after.focused && after.caret === arn.length && after.boxes === 1,
      `after the wasm loaded: ${JSON.stringify(after)}`);
    expect(errors.length === 0, errors.join('\n'));
    await early.close();
  });

  await check('when the wasm or its JS cannot load, the page says so instead of showing a dead paste box', async () => {
    for (const blocked of [/\.wasm$/, /eksplain-web-[0-9a-f]+\.js$/]) {
      const broken = await browser.newPage();
      await broken.route(blocked, (route) => route.abort());
      await broken.goto(origin + '/', { waitUntil: 'domcontentloaded' });
      await broken.waitForSelector('html[data-app="failed"]', { timeout: 30000 });
      const banner = broken.locator('#panic');
      expect(await banner.isVisible(), `${blocked}: no banner`);
      const text = await banner.innerText();
      expect(text.includes('could not start') && text.includes('CLI'), `${blocked}: banner says: ${text}`);
      // The shell's buttons cannot act without the app: shown as waiting, not clickable.
      const actions = await broken.evaluate(() => getComputedStyle(document.querySelector('.paste-actions')).pointerEvents);
      expect(actions === 'none', `${blocked}: the shell's buttons look usable (${actions})`);
      await broken.close();
    }
  });

  await check('pasting get-token output shows the account and a live countdown', async () => {
    const ms = await paste(tokenCase.exec_credential, 'article[data-kind="eks-token"]');
    timings.push(['get-token output', ms]);
    const account = await fieldText('eks-token', 'account_id');
    expect(account === tokenCase.account, `account ${account}, expected ${tokenCase.account}`);
    const before = await fieldText('eks-token', 'validity');
    expect(/^valid for 10 min 0 s$|^valid for 9 min 5\d s$/.test(before), `validity ${before}`);
    await page.clock.runFor(3000);
    await page.waitForFunction(
      (prev) => document.querySelector('article[data-kind="eks-token"] .field[data-key="validity"] .value').innerText !== prev,
      before, { timeout: 5000 });
    const after = await fieldText('eks-token', 'validity');
    expect(/^valid for 9 min 5\d s$/.test(after) && after !== before, `countdown did not move: ${before} -> ${after}`);
    await page.screenshot({ path: path.join(OUT, 'eksplain.png'), fullPage: false });
    await page.clock.runFor(11 * 60 * 1000);
    await page.waitForFunction(
      () => document.querySelector('article[data-kind="eks-token"] .field[data-key="validity"] .value').innerText.startsWith('expired'),
      null, { timeout: 5000 });
    const expired = await page.locator('li.finding[data-id="token.expired"]').count();
    expect(expired === 1, 'no token.expired finding after the clock passed 15 minutes');
  });

  await check('secrets are hidden until shown, and hidden again', async () => {
    await paste(tokenCase.token, 'article[data-kind="eks-token"]');
    const row = page.locator('article[data-kind="eks-token"] .field[data-key="token"]');
    const hidden = await row.locator('.value').innerText();
    expect(!hidden.includes(tokenCase.token) && hidden.endsWith('characters, hidden)'), `hidden: ${hidden}`);
    // One toggle button (aria-pressed), named by what it shows.
    await row.locator('button[aria-pressed="false"]', { hasText: 'show' }).click();
    const shown = await row.locator('.value').innerText();
    expect(shown === tokenCase.token, `shown: ${shown.slice(0, 40)}…`);
    await row.locator('button[aria-pressed="true"]').click();
    expect(await row.locator('.value').innerText() === hidden, 'hide did not hide it again');
  });

  await check('the 1-second tick runs only while something time-sensitive is shown', async () => {
    await paste(tokenCase.token, 'article[data-kind="eks-token"]');
    expect(await liveIntervals() === 1, `${await liveIntervals()} intervals with a token shown`);
    await clearAndCheck();
    expect(await liveIntervals() === 0, `${await liveIntervals()} intervals after Clear`);
    await paste(fixture('cert/eks-ca.b64'), 'article[data-kind="certificate-authority-data"]');
    await page.clock.runFor(5000);
    expect(await liveIntervals() === 0, `${await liveIntervals()} intervals with only a certificate shown`);
    await paste(tokenCase.token, 'article[data-kind="eks-token"]');
    expect(await liveIntervals() === 1, 'the tick did not restart for a token');
    await paste(fixture('cert/eks-ca.b64'), 'article[data-kind="certificate-authority-data"]');
    expect(await liveIntervals() === 0, `${await liveIntervals()} intervals after the token was replaced`);
  });

  await check('"Copy report as JSON" leaves secrets out unless asked', async () => {
    await paste(tokenCase.token, 'article[data-kind="eks-token"]');
    await page.locator('.summary button.copy', { hasText: 'Copy report as JSON' }).click();
    const redacted = await page.evaluate(() => navigator.clipboard.readText());
    const signature = new URL(tokenCase.url).searchParams.get('X-Amz-Signature');
    expect(!redacted.includes(tokenCase.token) && !redacted.includes(signature), 'the default copy holds the token or its signature');
    expect(redacted.includes('[redacted: ') && redacted.includes(tokenCase.account), 'the default copy lost the account or has no marker');
    await page.locator('.summary button.copy', { hasText: 'Copy with secrets' }).click();
    const full = await page.evaluate(() => navigator.clipboard.readText());
    expect(full.includes(tokenCase.token), 'Copy with secrets did not include the token');
  });

  await check('"Copy report as JSON" copies the report shown', async () => {
    const story = fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-laptop.yaml');
    await paste(story, 'li.finding[data-id="access.not-mapped"]');
    await page.locator('.summary button.copy').click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    const cards = await page.evaluate(() => [...document.querySelectorAll('article')].map((a) => a.dataset.kind).sort());
    expect(copied.schema === 'eksplain.report/v1', `schema ${copied.schema}`);
    const kinds = copied.artefacts.map((a) => a.kind).sort();
    expect(JSON.stringify(kinds) === JSON.stringify(cards), `copied ${kinds} but the page shows ${cards}`);
    const verdict = copied.artefacts.find((a) => a.kind === 'access-verdict');
    expect(verdict.findings[0].id === 'access.not-mapped', `verdict ${JSON.stringify(verdict.findings[0])}`);
    expect(await page.locator('.summary button.copy').innerText() === 'copied', 'the button does not say copied');
  });

  await check('pasting certificate-authority-data shows the subject and expiry', async () => {
    const ms = await paste(fixture('cert/eks-ca.b64'), 'article[data-kind="certificate-authority-data"]');
    timings.push(['certificate-authority-data', ms]);
    const subject = await fieldText('certificate-authority-data', 'subject');
    expect(subject === 'CN=kubernetes', `subject ${subject}`);
    const notAfter = await fieldText('certificate-authority-data', 'not_after');
    expect(/^20\d\d-\d\d-\d\dT/.test(notAfter), `not_after ${notAfter}`);
  });

  await check('caller identity + aws-auth gives the verdict and the fix', async () => {
    const story = fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-laptop.yaml');
    const ms = await paste(story, 'li.finding[data-id="access.not-mapped"]');
    timings.push(['caller identity + aws-auth', ms]);
    // The fix is a sentence and, under it, the snippets: the pasted ConfigMap with the entry merged in.
    const fix = await page.locator('li.finding[data-id="access.not-mapped"] .fix').innerText();
    expect(fix.includes('arn:aws:iam::111122223333:role/ci-agent'), `fix: ${fix}`);
    const merged = await page.locator('li.finding[data-id="access.not-mapped"] .block[data-variant="merged"] pre').innerText();
    expect(merged.includes('    - rolearn: arn:aws:iam::111122223333:role/ci-agent') && merged.includes('eks-node-group-role'), `merged: ${merged}`);
    const fixed = fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-fixed.yaml');
    await paste(fixed, 'li.finding[data-id="access.mapped"]');
    const username = await fieldText('access-verdict', 'username');
    expect(username === 'ci-agent:i-0a1b2c3d4e5f67890', `username ${username}`);
  });

  await check('snippets update live and a copy button copies one', async () => {
    const story = fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-laptop.yaml');
    await paste(story, 'li.finding[data-id="access.not-mapped"]');
    const card = page.locator('article[data-kind="access-verdict"]');
    await card.locator('input[data-opt="cluster"]').fill('prod');
    await card.locator('button.tab[data-target="aws-cli"]').click();
    const block = card.locator('.snippet[data-target="aws-cli"] .block').first();
    await block.locator('button.copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.includes('\naws eks create-access-entry --cluster-name prod'), `clipboard: ${copied}`);
    expect(copied.includes('--principal-arn arn:aws:iam::111122223333:role/ci-agent'), `clipboard: ${copied}`);
    await card.locator('input[data-opt="groups"]').fill('deployers');
    await card.locator('button.tab[data-target="aws-auth"]').click();
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(OUT, 'verdict.png') });
    const yaml = await card.locator('.snippet[data-target="aws-auth"] pre').first().innerText();
    expect(yaml.includes('- "deployers"') && yaml.includes('username: "ci-agent:{{SessionName}}"'), `aws-auth: ${yaml}`);
  });

  await check('the whole system CA bundle decodes every certificate, one table row each', async () => {
    const bundle = fixture('cert/ca-certificates.crt');
    const expected = (bundle.match(/BEGIN CERTIFICATE/g) || []).length;
    await page.fill('#paste', '');
    const started = Date.now();
    // As a paste does: the whole text at once, one input event (page.fill inserts 220 KB slowly).
    await page.evaluate((text) => {
      const area = document.querySelector('#paste');
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, bundle);
    await page.waitForFunction((n) => document.querySelectorAll('.cert-table tr[data-kind="pem-certificate"]').length === n, expected, { timeout: 30000 });
    timings.push([`CA bundle, ${expected} certificates, ${bundle.length} bytes`, Date.now() - started]);
    expect(await page.locator('article[data-kind="pem-certificate"]').count() === 0, 'a card was drawn before its row was opened');
    expect(await page.locator('.certs h2').innerText() === `${expected} certificates`, 'table heading');
    expect(await page.locator('li.finding[data-id="cert.bundle"]').count() === 1, 'the report-level finding is gone');
  });

  // The table's rows as the page shows them: position, name, expiry date and state, SHA-256.
  const certRows = () => page.evaluate(() => [...document.querySelectorAll('.cert-table tr[data-kind]')].map((tr) => ({
    pos: +tr.cells[0].innerText,
    name: tr.querySelector('button.disclose').innerText.replace(/^[▸▾]\s*/, ''),
    date: tr.cells[2].innerText.slice(0, 10),
    expired: !!tr.cells[2].querySelector('.pill[data-id="cert.expired"]'),
    finding: !!tr.cells[5].querySelector('.pill[data-id="cert.expired"]'),
    sha256: tr.querySelector('code').title,
    key: tr.cells[3].innerText,
  })));

  await check('the certificate table shows expiry findings in each row, without opening it', async () => {
    const rows = await certRows();
    const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const wrong = rows.filter((r) => r.date !== today && (r.date < today) !== r.expired);
    expect(wrong.length === 0, `expiry state wrong for ${JSON.stringify(wrong.slice(0, 3))}`);
    expect(rows.some((r) => r.expired), 'no expired certificate in the bundle at the page clock');
    expect(rows.every((r) => r.expired === r.finding), 'the findings column and the expiry column disagree');
    expect(rows.every((r) => /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(r.sha256)), 'fingerprint');
    expect(rows.every((r, i) => r.pos === i + 1), 'not in paste order to begin with');
  });

  await check('the certificate table sorts by any column, with the mouse or the keyboard', async () => {
    const header = (label) => page.locator('.cert-table thead button', { hasText: label });
    const sortedBy = () => page.evaluate(() => [...document.querySelectorAll('.cert-table th[aria-sort]')]
      .map((th) => `${th.innerText.replace(/[▲▼\s]+$/, '')}:${th.getAttribute('aria-sort')}`));
    await header('Expires').click();
    expect(JSON.stringify(await sortedBy()) === '["Expires:ascending"]', `aria-sort ${await sortedBy()}`);
    let rows = await certRows();
    expect(rows.every((r, i) => i === 0 || rows[i - 1].date <= r.date), 'not by expiry, ascending');
    expect(rows[0].expired, 'the first to expire is not first');
    await header('Expires').click();
    expect(JSON.stringify(await sortedBy()) === '["Expires:descending"]', `aria-sort ${await sortedBy()}`);
    rows = await certRows();
    expect(rows.every((r, i) => i === 0 || rows[i - 1].date >= r.date), 'not by expiry, descending');
    await header('Subject').click();
    rows = await certRows();
    const fold = (t) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
    expect(rows.every((r, i) => i === 0 || fold(rows[i - 1].name) <= fold(r.name)), 'not by subject');
    // The keyboard: a header is a button, reached and pressed like one.
    await header('Key').focus();
    await page.keyboard.press('Enter');
    expect(JSON.stringify(await sortedBy()) === '["Key:ascending"]', `aria-sort after Enter ${await sortedBy()}`);
    rows = await certRows();
    expect(rows[0].key.startsWith('RSA') && rows[rows.length - 1].key.startsWith('EC'), `keys ${rows[0].key} … ${rows[rows.length - 1].key}`);
    await header('#').click();
    rows = await certRows();
    expect(rows.every((r, i) => r.pos === i + 1), 'not back in paste order');
  });

  await check('the certificate table filters by subject, issuer or fingerprint', async () => {
    const filter = page.locator('input[data-opt="cert-filter"]');
    await filter.fill('digicert');
    let rows = await certRows();
    expect(rows.length > 0 && rows.length < 142 && rows.every((r) => /digicert/i.test(r.name)), `digicert: ${rows.map((r) => r.name)}`);
    expect(await page.locator('.certs .shown').innerText() === `${rows.length} of 142 shown`, 'count');
    const all = await (async () => { await filter.fill(''); return certRows(); })();
    const target = all[41];
    // A fingerprint as some tools print it: lower case, no colons.
    await filter.fill(target.sha256.replace(/:/g, '').toLowerCase().slice(10, 30));
    rows = await certRows();
    expect(rows.length === 1 && rows[0].sha256 === target.sha256, `by fingerprint: ${rows.map((r) => r.name)}`);
    await filter.fill('');
    expect((await certRows()).length === 142, 'clearing the filter');
  });

  await check('a certificate row opens to its full card, and closes', async () => {
    const rows = await certRows();
    const expired = rows.find((r) => r.expired);
    const button = page.locator(`.cert-table tr[data-kind]:nth-child(${rows.indexOf(expired) + 1}) button.disclose`);
    expect(await button.getAttribute('aria-expanded') === 'false', 'closed to begin with');
    await button.click();
    expect(await button.getAttribute('aria-expanded') === 'true', 'aria-expanded after opening');
    const card = page.locator('.cert-table tr.detail article[data-kind="pem-certificate"]');
    expect(await card.count() === 1, `${await card.count()} cards drawn`);
    const sha = await card.locator('.field[data-key="sha256_fingerprint"] .value').innerText();
    expect(sha === expired.sha256, `the card is another certificate's: ${sha}`);
    const subject = await card.locator('.field[data-key="subject"] .value').innerText();
    expect(subject.includes(expired.name), `subject ${subject} for ${expired.name}`);
    expect(await card.locator('li.finding[data-id="cert.expired"]').count() === 1, 'the card has no cert.expired finding');
    // It stays open while the table is sorted.
    await page.locator('.cert-table thead button', { hasText: 'Expires' }).click();
    expect(await card.count() === 1, 'sorting closed the row');
    await page.locator('.cert-table thead button', { hasText: '#' }).click();
    await page.locator('.cert-table button.disclose[aria-expanded="true"]').click();
    expect(await page.locator('article[data-kind="pem-certificate"]').count() === 0, 'closing left the card');
  });

  await check('the file picker reads a binary DER certificate', async () => {
    await page.fill('#paste', '');
    const pem = fixture('cert/odd/ec-p256.pem');
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    await page.setInputFiles('input[type="file"]', { name: 'ca.der', mimeType: 'application/x-x509-ca-cert', buffer: der });
    await page.waitForSelector('article[data-kind="der-certificate"]', { timeout: 10000 });
    const subject = await fieldText('der-certificate', 'subject');
    expect(subject === 'CN=ec p256, O=eksplain tests', `subject ${subject}`);
    const where = await page.locator('article[data-kind="der-certificate"] .where').innerText();
    expect(where.startsWith('ca.der'), `source ${where}`);
    await clearAndCheck();
  });

  await check('several files at once make one report', async () => {
    await page.setInputFiles('input[type="file"]', [
      { name: 'caller.json', mimeType: 'application/json', buffer: Buffer.from(fixture('story/caller-ci.json')) },
      { name: 'aws-auth.yaml', mimeType: 'application/yaml', buffer: Buffer.from(fixture('story/aws-auth-laptop.yaml')) },
    ]);
    await page.waitForSelector('li.finding[data-id="access.not-mapped"]', { timeout: 10000 });
    const chips = await page.locator('.file-chip').allInnerTexts();
    expect(chips.length === 2 && chips[0].startsWith('caller.json (') && chips[1].startsWith('aws-auth.yaml ('), `chips ${chips}`);
    const sources = await page.locator('article .where').allInnerTexts();
    expect(sources.some((w) => w.startsWith('caller.json')) && sources.some((w) => w.startsWith('aws-auth.yaml')), `sources ${sources}`);
    await clearAndCheck();
  });

  await check('a file dropped on the paste box is read', async () => {
    const pem = fixture('cert/odd/ec-p384.pem');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.pem', { type: 'application/x-pem-file' }));
      return dt;
    }, pem);
    await page.dispatchEvent('.paste-zone', 'dragover', { dataTransfer });
    await page.waitForSelector('.paste-zone.dragging', { timeout: 5000 });
    await page.dispatchEvent('.paste-zone', 'drop', { dataTransfer });
    await page.waitForSelector('article[data-kind="pem-certificate"]', { timeout: 10000 });
    await page.waitForSelector('.paste-zone:not(.dragging)', { timeout: 5000 });
    const subject = await fieldText('pem-certificate', 'subject');
    expect(subject === 'CN=ec p384, O=eksplain tests', `subject ${subject}`);
    const where = await page.locator('article[data-kind="pem-certificate"] .where').innerText();
    expect(where.startsWith('dropped.pem'), `source ${where}`);
    await clearAndCheck();
  });

  await check('a file of random bytes is called binary, not a dead page', async () => {
    const noise = randomBytes(4096, 2024);
    await page.setInputFiles('input[type="file"]', { name: 'noise.bin', mimeType: 'application/octet-stream', buffer: noise });
    await page.waitForSelector('li.finding[data-id="input.binary"]', { timeout: 10000 });
    expect(await page.locator('#panic').isHidden(), 'panic banner shown');
    await clearAndCheck();
  });

  await check('each example loads with one click', async () => {
    await clearAndCheck();
    const labels = await page.locator('button.example').allInnerTexts();
    expect(labels.length === 3, `examples ${labels}`);
    await page.click('button.example:has-text("CI role not mapped")');
    await page.waitForSelector('li.finding[data-id="access.not-mapped"]', { timeout: 10000 });
    await page.click('button.example:has-text("aws eks get-token output")');
    await page.waitForSelector('article[data-kind="exec-credential"]', { timeout: 10000 });
    const account = await fieldText('eks-token', 'account_id');
    expect(account === '444455556666', `get-token example account ${account}`);
    await page.click('button.example:has-text("kubectl error")');
    await page.waitForSelector('li.finding[data-id="error.unauthorized"]', { timeout: 10000 });
    expect(await page.locator('article').count() === 1, 'the kubectl error example replaced the others');
  });

  await check('garbage gets a clear message, not a dead page', async () => {
    await paste('\u0001\u0002 hello world ~~~', 'li.finding[data-id="input.unrecognised"]');
    expect(await page.locator('#panic').isHidden(), 'panic banner shown');
  });

  await check('the input is never written to the URL, cookies or storage', async () => {
    await paste(tokenCase.token, 'article[data-kind="eks-token"]');
    const state = await page.evaluate(() => ({
      search: location.search, hash: location.hash, cookie: document.cookie,
      local: localStorage.length, session: sessionStorage.length,
    }));
    expect(state.search === '' && state.hash === '' && state.cookie === '' && state.local === 0 && state.session === 0,
      `state leaked: ${JSON.stringify(state)}`);
  });

  await check('the CSP blocks a request to another origin', async () => {
    const directive = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      fetch('https://example.invalid/leak').catch(() => {});
      setTimeout(() => resolve('none'), 3000);
    }));
    expect(directive === 'connect-src', `violated directive: ${directive}`);
  });

  await check('when no script runs at all (the bootstrap blocked), CSS alone says so after 8 s', async () => {
    // Last but one: it takes 8 s of real time, which the checks on the page's fake clock before
    // it would see pass. Side by side (each waits past the 8 s): a page whose bootstrap is blocked, and one that
    // started, which never shows the notice.
    const [stalled, fine] = await Promise.all([browser.newPage(), browser.newPage()]);
    await stalled.route(/bootstrap-[0-9a-f]+\.js$/, (route) => route.abort());
    await Promise.all([stalled.goto(origin + '/', { waitUntil: 'domcontentloaded' }), fine.goto(origin + '/')]);
    const notice = stalled.locator('.stalled');
    expect(!(await notice.isVisible()), 'the notice shows before 8 s');
    await fine.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
    await stalled.waitForSelector('.stalled', { state: 'visible', timeout: 15000 });
    expect((await notice.innerText()).includes('CLI'), 'the notice names the CLI');
    expect(!(await fine.locator('.stalled').isVisible()), 'a running app shows the stalled notice');
    await Promise.all([stalled.close(), fine.close()]);
  });

  await check('no request left the page origin and no errors were logged', async () => {
    const blocked = foreign.filter((u) => !u.startsWith('https://example.invalid/'));
    expect(blocked.length === 0, `requests outside ${origin}: ${blocked.join(', ')}`);
    expect(problems.length === 0, problems.join('\n'));
  });

  await browser.close();
  server.close();
  for (const [what, ms] of timings) console.log(`  paste-to-result (${what}): ${ms} ms`);
  const failed = results.filter(([, err]) => err).length;
  console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
