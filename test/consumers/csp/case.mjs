// The "strict CSP" consumer case: the script-tag bundle in a page served with a strict Content-Security-Policy and
// Trusted Types (policy.mjs), answering from the demo server and from a hostile stream, with zero violations.
// `run.mjs` calls `cspCase`; it owns its page, context and server and closes them itself.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileStream, STRICT_POLICY } from './policy.mjs';

const TEMPLATE = fileURLToPath(new URL('./index.html', import.meta.url));
const QUESTION = 'How do I stop a stream?';
/** Pause between blocks of the hostile stream: enough for the element to render half-written markup on the way. */
const HOSTILE_BLOCK_DELAY_MS = 2;

/**
 * Runs the case; rejects with the first problem found, else resolves with a one-line summary and the violation
 * reports (and console errors) the hostile answer caused, for {@link expectNoHostileReports}.
 * @param {{ root: string, bundlePath: string, browser: import('playwright-core').Browser, demoUrl: string, limitMs: number }} options
 *   `root` holds the unpacked package, `bundlePath` is the bundle's URL path under it (what `unpkg` names).
 */
export async function cspCase({ root, bundlePath, browser, demoUrl, limitMs }) {
  const site = await serveStrictSite(root, bundlePath, demoUrl);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(limitMs);
    const problems = [];
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    page.on('console', message => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    // Before any page script: every violation report, wherever in the page (shadow roots included) it happens.
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', event => {
        window.cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
      });
    });
    const response = await page.goto(`${site.url}/`);
    if (response.headers()['content-security-policy'] !== STRICT_POLICY) throw new Error('the page was not served with the strict policy');
    await page.waitForFunction(() => customElements.get('sse-chat'), null, { timeout: 5000 }).catch(() => {
      throw new Error(`<sse-chat> was never defined; ${problems.join('; ')}`);
    });

    const docs = await askAndWait(page, '#docs', QUESTION, limitMs);
    const docsView = await renderedAnswer(page, '#docs');
    if (!docsView.blocks) throw new Error('the docs answer shows no rendered markdown');
    if (!docsView.steps || !docsView.progress) throw new Error(`the docs answer shows no steps with progress: ${JSON.stringify(docsView)}`);
    if (!docsView.sourceLinks) throw new Error('the docs answer shows no source links');
    // The images-allowed sanitizer is a second DOMPurify instance: it must parse under Trusted Types too.
    await askAndWait(page, '#images', QUESTION, limitMs);
    if (!(await renderedAnswer(page, '#images')).blocks) throw new Error('with allow-images, the answer shows no rendered markdown');
    const benign = await page.evaluate(() => window.cspViolations.splice(0));
    if (benign.length) throw new Error(`CSP violations answering from the demo server (${benign.length}): ${summarize(benign.map(line => line.slice(0, 160)))}`);
    if (problems.length) throw new Error(problems.join('; '));


    await askAndWait(page, '#hostile', 'Say something hostile', limitMs);
    await page.waitForTimeout(100); // for an onerror/onload that got through to have fired
    const hostileView = await page.locator('#hostile').evaluate(chat => {
      const root = chat.shadowRoot;
      const elements = [...root.querySelectorAll('*')];
      return {
        pwned: window.__pwned ?? null,
        forbidden: elements
          .filter(element => /^(script|iframe|object|embed|style|link|meta|base|math|img)$/.test(element.localName) || (element.localName === 'svg' && !element.classList.contains('icon')))
          .map(element => element.localName),
        // A style attribute only on the element's own progress bars (the fraction) and messages (their measured
        // height), both set through CSSOM.
        handlers: elements.flatMap(element =>
          element.getAttributeNames().filter(name => name.startsWith('on') || name === 'srcdoc' || name === 'formaction' || (name === 'style' && !element.matches('[part~="step-progress"] > .bar, .message'))),
        ),
        links: [...root.querySelectorAll('a[href]')].map(link => new URL(link.getAttribute('href'), document.baseURI).protocol),
        text: root.querySelector('[part~="message-assistant"]').textContent,
      };
    });
    if (hostileView.pwned !== null) throw new Error(`a hostile payload ran: ${hostileView.pwned}`);
    if (hostileView.forbidden.length) throw new Error(`hostile elements in the chat: ${hostileView.forbidden.join(', ')}`);
    if (hostileView.handlers.length) throw new Error(`hostile attributes in the chat: ${hostileView.handlers.join(', ')}`);
    const badLinks = hostileView.links.filter(protocol => protocol !== 'http:' && protocol !== 'https:');
    if (badLinks.length) throw new Error(`links that are not http(s): ${badLinks.join(', ')}`);
    for (const visible of ['Visible paragraph', 'Last visible line.', '<img src=x onerror=']) {
      if (!hostileView.text.includes(visible)) throw new Error(`the hostile answer does not show ${JSON.stringify(visible)} as text`);
    }

    // Reports (and the console errors that come with them) while the hostile answer rendered: kept apart, so the
    // caller can tell "nothing ran and nothing got in" (checked above) from "and nothing was even reported".
    const hostileReports = [...(await page.evaluate(() => window.cspViolations.splice(0))), ...problems.splice(0)];
    // The policy is really enforced and the listener really hears: a raw HTML string is refused, and reported.
    const probe = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>raw</b>';
        return 'accepted';
      } catch (error) {
        return error.name;
      }
    });
    await page.waitForTimeout(50);
    const reported = await page.evaluate(() => window.cspViolations.splice(0));
    if (probe !== 'TypeError' || !reported.some(line => line.startsWith('require-trusted-types-for'))) {
      throw new Error(`Trusted Types were not enforced (innerHTML: ${probe}; reports: ${reported.join('; ') || 'none'})`);
    }
    return {
      summary: `docs answer (${docs.length} chars, ${docsView.steps} steps, ${docsView.sourceLinks} source links, images allowed too) with 0 violations under ${STRICT_POLICY.split('; ').length} directives; hostile answer inert`,
      hostileReports,
    };
  } finally {
    await context.close();
    await site.close();
  }
}

/**
 * The second half of the case: rendering the hostile answer reported nothing either. Chromium reports inline
 * handlers, styles and `<base>` even in the inert document DOMPurify parses in, so this holds only when such markup
 * never reaches the HTML parser at all.
 * @param {{ hostileReports: string[] }} result what {@link cspCase} resolved with
 */
export function expectNoHostileReports(result) {
  if (result.hostileReports.length) {
    throw new Error(`rendering the hostile answer reported ${result.hostileReports.length} violation(s): ${summarize(result.hostileReports.map(line => line.slice(0, 160)))}`);
  }
  return 'rendering the hostile answer reported no violation';
}

/** What the last answer of the chat `selector` names shows: markdown blocks, steps, progress bars, source links. */
function renderedAnswer(page, selector) {
  return page.locator(selector).evaluate(chat => {
    const root = chat.shadowRoot;
    const content = [...root.querySelectorAll('[part~="content"]')].at(-1);
    return {
      blocks: content.querySelectorAll('p, ul, ol, pre, h1, h2, h3, blockquote').length,
      steps: root.querySelectorAll('[part~="step"]').length,
      progress: root.querySelectorAll('[part~="step-progress"] .bar').length,
      sourceLinks: root.querySelectorAll('a[part~="source-link"][href^="http"]').length,
    };
  });
}

/** Violation lines counted by directive and place: a streamed answer repeats the same report once per frame. */
function summarize(lines) {
  const counts = new Map();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line)).join('; ');
}

/** Types `question` into the chat `selector` names and waits for its turn to end; returns the answer text. */
async function askAndWait(page, selector, question, limitMs) {
  const chat = page.locator(selector);
  await chat.evaluate(element => {
    element.turnEnd = new Promise(resolve => {
      for (const type of ['sse-chat-done', 'sse-chat-stop', 'sse-chat-error']) {
        element.addEventListener(type, event => resolve({ type, text: event.detail.message.text, error: event.detail.error }), { once: true });
      }
    });
  });
  const input = page.locator(`${selector} textarea`);
  await input.fill(question);
  await input.press('Enter');
  const end = await chat.evaluate(element => element.turnEnd, null, { timeout: limitMs });
  if (end.type !== 'sse-chat-done') throw new Error(`${selector}: ${end.type}: ${JSON.stringify(end.error ?? end.text)}`);
  if (!end.text.trim()) throw new Error(`${selector}: the answer is empty`);
  return end.text;
}

/**
 * The page's origin, on 127.0.0.1 port 0: the page with the strict policy, the package files, `/api/chat` proxied
 * to the demo server (so connections stay same-origin) and `/hostile` streaming the hostile answer.
 */
async function serveStrictSite(root, bundlePath, demoUrl) {
  const page = (await readFile(TEMPLATE, 'utf8')).replace('__BUNDLE_URL__', bundlePath);
  const streams = new Set();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_POLICY }).end(page);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks on its own; a 404 would be a console error
    } else if (path === '/api/chat' && req.method === 'POST') {
      proxy(req, res, `${demoUrl}/api/chat`);
    } else if (path === '/hostile' && req.method === 'POST') {
      streams.add(res);
      res.on('close', () => streams.delete(res));
      req.resume();
      req.on('end', () => writeSlowly(res, hostileStream()));
    } else if (path.endsWith('.js') || path.endsWith('.map')) {
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      readFile(file).then(
        body => res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'application/json' }).end(body),
        () => res.writeHead(404).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise(resolve => {
        for (const res of streams) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes SSE blocks one at a time; stops when the client leaves. */
function writeSlowly(res, blocks) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let index = 0;
  let timer;
  const next = () => {
    if (res.destroyed) return;
    if (index === blocks.length) return void res.end();
    res.write(blocks[index++]);
    timer = setTimeout(next, HOSTILE_BLOCK_DELAY_MS);
  };
  res.on('close', () => clearTimeout(timer));
  next();
}

/** Forwards one request to `target` and streams the answer back; either side closing ends the other. */
function proxy(req, res, target) {
  const headers = { ...req.headers };
  delete headers.host;
  const upstream = request(target, { method: req.method, headers }, answer => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
