// Shared by the e2e scripts: a static server for a build directory, and the test fixtures.
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

// Serves `dir` on 127.0.0.1 (a free port); resolves to the listening server.
function serveDir(dir) {
  const server = http.createServer((req, res) => {
    let file = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (file === '/') file = '/index.html';
    const full = path.join(dir, path.normalize(file));
    if (!full.startsWith(dir + path.sep) || !fs.existsSync(full)) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(full)] || 'application/octet-stream' });
    res.end(fs.readFileSync(full));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A file under tests/data, as text.
function fixture(rel) {
  return fs.readFileSync(path.join(ROOT, 'tests', 'data', rel), 'utf8');
}

// Debian's Chromium, headless, through playwright-core from EKSPLAIN_NODE_MODULES (never a
// browser playwright downloads): the one launch every e2e script and the bench use.
function launchChromium() {
  const { chromium } = require(path.join(process.env.EKSPLAIN_NODE_MODULES || 'node_modules', 'playwright-core'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic'],
  });
}

module.exports = { serveDir, fixture, launchChromium };
