// Accessibility test: serve dist/ on 127.0.0.1, open it in Debian's headless Chromium through
// playwright-core, and run axe-core (WCAG 2.0/2.1/2.2 A and AA, plus best practices) in light and
// dark mode on the empty page, a verdict, a token and a kubeconfig, with every panel open. Then a
// keyboard-only pass: skip link, examples, snippet format tabs with the arrow keys, and a copy
// button pressed with Enter (read back from the real clipboard), with focus visible at every step.
//
// Usage: EKSPLAIN_NODE_MODULES=<dir with playwright-core and axe-core> node e2e/a11y.cjs dist
'use strict';

const fs = require('fs');
const path = require('path');

const MODULES = process.env.EKSPLAIN_NODE_MODULES || 'node_modules';
const axe = require(path.join(MODULES, 'axe-core'));

const ROOT = path.resolve(__dirname, '..');
const DIST = path.resolve(process.argv[2] || 'dist');
const OUT = path.join(ROOT, 'target', 'e2e');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const { serveDir, fixture, launchChromium } = require('./static.cjs');

function serve() {
  return serveDir(DIST);
}

// A kubeconfig as `aws eks update-kubeconfig --role-arn` writes it, with the fixture EKS CA.
function kubeconfig() {
  const cluster = 'arn:aws:eks:us-west-2:111122223333:cluster/demo';
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${fixture('cert/eks-ca.b64').trim()}`,
    '    server: https://ABC.gr7.us-west-2.eks.amazonaws.com',
    `  name: ${cluster}`,
    'contexts:',
    '- context:',
    `    cluster: ${cluster}`,
    `    user: ${cluster}`,
    `  name: ${cluster}`,
    `current-context: ${cluster}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${cluster}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      args:',
    '      - --region',
    '      - us-west-2',
    '      - eks',
    '      - get-token',
    '      - --cluster-name',
    '      - demo',
    '      - --output',
    '      - json',
    '      - --role',
    '      - arn:aws:iam::111122223333:role/ci-agent',
    '      command: aws',
    '',
  ].join('\n');
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();

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

  async function newPage(colorScheme) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.log(`  page error: ${err.message}`));
    await page.goto(origin + '/');
    await page.waitForSelector('html[data-app="ready"]', { timeout: 30000 });
    return page;
  }

  async function setText(page, text) {
    await page.evaluate((value) => {
      const area = document.querySelector('#paste');
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
  }

  // axe over the whole page, every <details> open; violations as readable lines.
  async function audit(page) {
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.evaluate(axe.source);
    const found = await page.evaluate(async (tags) => {
      const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return res.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
        count: v.nodes.length,
      }));
    }, TAGS);
    return found;
  }

  const states = [
    ['the empty page', null, 'p.empty'],
    ['a verdict (CI role not mapped)', async (page) => page.click('button.example:has-text("CI role not mapped")'), 'li.finding[data-id="access.not-mapped"]'],
    ['a token (get-token output)', async (page) => page.click('button.example:has-text("aws eks get-token output")'), 'article[data-kind="eks-token"]'],
    ['a kubeconfig', async (page) => setText(page, kubeconfig()), 'article[data-kind="kubeconfig"]'],
    ['the certificate table (CA bundle: filtered, sorted, a row open)', async (page) => {
      await setText(page, fixture('cert/ca-certificates.crt'));
      await page.fill('input[data-opt="cert-filter"]', 'root');
      await page.locator('.cert-table thead button', { hasText: 'Expires' }).click();
      await page.locator('.cert-table button.disclose').first().click();
    }, '.cert-table tr.detail article[data-kind="pem-certificate"]'],
  ];
  let total = 0;
  for (const scheme of ['light', 'dark']) {
    const page = await newPage(scheme);
    for (const [name, load, selector] of states) {
      await check(`axe: ${name}, ${scheme} mode: no violations`, async () => {
        if (load) {
          await setText(page, '');
          await load(page);
        }
        await page.waitForSelector(selector, { timeout: 15000 });
        const violations = await audit(page);
        total += violations.length;
        expect(violations.length === 0, violations.map((v) =>
          `\n    ${v.id} (${v.impact}, ${v.count}): ${v.help}\n      ${v.nodes.join('\n      ')}`).join(''));
      });
    }
    await page.context().close();
  }

  const page = await newPage('light');
  // The element with focus, described, and whether a focus indicator is drawn for it (its own
  // outline, or its label's for the visually hidden file input).
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const drawn = (node) => {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && box.width > 2 && box.height > 2;
    };
    const shown = drawn(el) || (el.type === 'file' && el.closest('label') && drawn(el.closest('label')));
    return {
      tag: el.tagName.toLowerCase(), role: el.getAttribute('role'), text: (el.innerText || el.value || '').slice(0, 40),
      label: el.getAttribute('aria-label'), target: el.dataset.target || null,
      selected: el.getAttribute('aria-selected'), visible: !!shown, id: el.id,
    };
  });
  async function tabUntil(pred, max, what) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      expect(f, `focus left the page while looking for ${what}`);
      expect(f.visible, `focus not visible on ${JSON.stringify(f)}`);
      if (pred(f)) return f;
    }
    throw new Error(`${what} not reached in ${max} Tab presses`);
  }

  await check('keyboard: skip link first, to the results', async () => {
    const first = await tabUntil(() => true, 1, 'the first stop');
    expect(first.tag === 'a' && first.text.includes('Skip to results'), `first stop ${JSON.stringify(first)}`);
    await page.keyboard.press('Enter');
    const f = await focused();
    expect(f && f.id === 'results', `after the skip link: ${JSON.stringify(f)}`);
  });

  await check('keyboard: the "Open files" control shows focus', async () => {
    await page.focus('#paste');
    const f = await tabUntil((x) => x.tag === 'input', 3, 'the file input');
    expect(f.visible, 'file input focus not visible');
  });

  await check('keyboard only: an example, the format tabs with arrows, copy a snippet', async () => {
    await tabUntil((f) => f.text === 'CI role not mapped', 10, 'the example button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('li.finding[data-id="access.not-mapped"] details.snippets[open]', { timeout: 10000 });
    const status = await page.locator('#status').innerText();
    expect(/found, \d+ error/.test(status), `status: ${status}`);
    // Into the fix panel: its selected format tab is the one stop of the tab list.
    const tab = await tabUntil((f) => f.role === 'tab' && f.target === 'aws-auth', 40, 'the aws-auth format tab');
    expect(tab.selected === 'true', `aws-auth tab not selected: ${JSON.stringify(tab)}`);
    await page.keyboard.press('ArrowRight');
    let f = await focused();
    expect(f.role === 'tab' && f.target === 'aws-cli' && f.selected === 'true', `after ArrowRight: ${JSON.stringify(f)}`);
    await page.keyboard.press('End');
    f = await focused();
    expect(f.target === 'curl-check' && f.selected === 'true', `after End: ${JSON.stringify(f)}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    f = await focused();
    expect(f.target === 'aws-cli', `after Home, ArrowRight: ${JSON.stringify(f)}`);
    const copy = await tabUntil((x) => x.tag === 'button' && (x.label || '').startsWith('copy '), 5, 'the snippet copy button');
    expect(copy.label.includes('access entry'), `copy button named ${copy.label}`);
    await page.keyboard.press('Enter');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.includes('aws eks create-access-entry --cluster-name') && copied.includes('role/ci-agent'), `clipboard: ${copied}`);
    // "copied" on that button only; a new paste resets it.
    const done = await page.locator('button.copy.done').count();
    expect(done === 1, `${done} buttons say copied`);
    await setText(page, fixture('story/caller-ci.json') + '\n---\n' + fixture('story/aws-auth-fixed.yaml'));
    await page.waitForSelector('li.finding[data-id="access.mapped"]', { timeout: 10000 });
    expect(await page.locator('button.copy.done').count() === 0, '"copied" survived a new paste');
  });

  await check('every copy and show button says what it copies or shows', async () => {
    await page.click('button.example:has-text("aws eks get-token output")');
    await page.waitForSelector('article[data-kind="eks-token"]', { timeout: 10000 });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('button.copy, button[aria-pressed]')]
      .filter((b) => !(b.getAttribute('aria-label') || b.innerText).match(/^(copy|copied|show) \S|Copy report as JSON|Copy with secrets/))
      .map((b) => b.outerHTML.slice(0, 120)));
    expect(unnamed.length === 0, `unnamed: ${unnamed.join(', ')}`);
    const toggles = await page.locator('button[aria-pressed]').count();
    expect(toggles > 0, 'no show toggle with aria-pressed');
  });

  await check('keyboard only: the certificate table sorts and opens a row', async () => {
    await setText(page, fixture('cert/ca-certificates.crt'));
    await page.waitForSelector('.cert-table tr[data-kind]', { timeout: 15000 });
    await page.focus('input[data-opt="cert-filter"]');
    const header = await tabUntil((f) => f.tag === 'button' && f.text.startsWith('Subject'), 5, 'the Subject header');
    await page.keyboard.press('Enter');
    const sorted = await page.locator('.cert-table th[aria-sort="ascending"]').innerText();
    expect(sorted.startsWith('Subject'), `sorted by ${sorted} after Enter on ${JSON.stringify(header)}`);
    const headers = ['Expires', 'Key', 'SHA-256', 'Findings'];
    const row = await tabUntil((f) => f.tag === 'button' && !headers.includes(f.text), 10, 'a row\'s disclosure button');
    await page.keyboard.press('Enter');
    const open = await page.locator('.cert-table button.disclose[aria-expanded="true"]').count();
    expect(open === 1, `${open} rows open after Enter on ${JSON.stringify(row)}`);
    expect(await page.locator('.cert-table tr.detail article').count() === 1, 'no card under the opened row');
    await page.keyboard.press('Enter');
    expect(await page.locator('.cert-table tr.detail').count() === 0, 'Enter again did not close it');
  });

  await check('the live region says a new result once, not every tick', async () => {
    await page.click('button.example:has-text("aws eks get-token output")');
    await page.waitForSelector('article[data-kind="eks-token"]', { timeout: 10000 });
    const changes = await page.evaluate(() => new Promise((resolve) => {
      let n = 0;
      const observer = new MutationObserver(() => { n += 1; });
      observer.observe(document.querySelector('#status'), { childList: true, characterData: true, subtree: true });
      setTimeout(() => { observer.disconnect(); resolve(n); }, 3500);
    }));
    expect(changes === 0, `#status changed ${changes} times while the countdown ticked`);
    const live = await page.locator('[aria-live], [role="status"], [role="alert"]').evaluateAll((els) => els.map((e) => e.id || e.className));
    // #status for results, #panic, a failed file read, the notice about the link the page was
    // opened with (said once, when the link is followed), and how many certificates a filter
    // shows (said when the filter changes).
    expect(live.every((x) => x === 'status' || x === 'panic' || x.includes('file-error') || x.includes('notice') || x === 'shown'), `live regions: ${live.join(', ')}`);
  });

  await browser.close();
  server.close();
  const failed = results.filter(([, err]) => err).length;
  console.log(`a11y: ${results.length - failed} passed, ${failed} failed; ${total} axe violation(s) in ${states.length * 2} audits`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
