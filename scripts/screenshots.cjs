// Takes the README's screenshots from a release build: docs/screenshot.png (the page after pasting
// `aws eks get-token` output, 1200x900) and docs/verdict.png (the top of the verdict card for the
// "CI role not mapped" story, with its fix panel, 1068x1258). Same browser and setup as e2e/.
//
// Usage: trunk build --release --offline &&
//        EKSPLAIN_NODE_MODULES=~/.cache/eksplain/npm/node_modules node scripts/screenshots.cjs dist
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

const { chromium } = require(path.join(process.env.EKSPLAIN_NODE_MODULES || 'node_modules', 'playwright-core'));

const ROOT = path.resolve(__dirname, '..');
const DIST = path.resolve(process.argv[2] || 'dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml',
};

function fixture(rel) {
  return fs.readFileSync(path.join(ROOT, 'tests', 'data', rel), 'utf8');
}

async function main() {
  const server = http.createServer((req, res) => {
    let file = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (file === '/') file = '/index.html';
    const full = path.join(DIST, path.normalize(file));
    if (!full.startsWith(DIST + path.sep) || !fs.existsSync(full)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(full)] || 'application/octet-stream' });
    res.end(fs.readFileSync(full));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' });
  const token = JSON.parse(fixture('token/minted.json')).cases.find((c) => c.name === 'us-west-2-regional-session');
  const signed = token.url.match(/X-Amz-Date=(\d{8}T\d{6}Z)/)[1]
    .replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
  await page.clock.install({ time: new Date(new Date(signed).getTime() + 3 * 60 * 1000) });
  await page.goto(origin + '/');
  await page.waitForSelector('#paste');
  const paste = (text) => page.evaluate((value) => {
    const area = document.querySelector('#paste');
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);

  await paste(token.exec_credential);
  await page.waitForSelector('article[data-kind="eks-token"]');
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });

  await paste(fixture('story/caller-ci.json') + '---\n' + fixture('story/aws-auth-laptop.yaml'));
  await page.waitForSelector('li.finding[data-id="access.not-mapped"] .block[data-variant="merged"]');
  const card = page.locator('article[data-kind="access-verdict"]');
  await card.locator('input[data-opt="cluster"]').fill('prod');
  await card.locator('input[data-opt="cluster"]').evaluate((el) => el.blur());
  await card.scrollIntoViewIfNeeded();
  const box = await card.boundingBox();
  await page.setViewportSize({ width: 1200, height: 1400 });
  const again = await card.boundingBox();
  await page.screenshot({
    path: path.join(ROOT, 'docs', 'verdict.png'),
    clip: { x: again.x, y: again.y, width: Math.round(box.width), height: 1258 },
  });
  await browser.close();
  server.close();
  console.log('wrote docs/screenshot.png and docs/verdict.png');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
