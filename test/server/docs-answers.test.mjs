// The default "ask the docs" answers over the project's real docs, read as a user would: a direct answer with its
// example, citations that add up, questions in other languages, and links that lead somewhere.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { chatEventsOf, postChat, startTestServer } from './helpers.mjs';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @type {Awaited<ReturnType<typeof startTestServer>>['server']} */
let server;
before(async () => {
  ({ server } = await startTestServer(PROJECT_ROOT));
});
after(async () => {
  await server.close();
});

/**
 * Asks the house route; returns the answer's text, its sources and its steps.
 * @param {string} question
 */
async function ask(question) {
  const events = /** @type {any[]} */ (chatEventsOf(await (await postChat(`${server.url}/api/chat`, { message: question })).text()));
  return {
    text: events.filter(e => e.type === 'text-delta').map(e => e.delta).join(''),
    sources: /** @type {Array<{ title: string, url: string }>} */ (events.find(e => e.type === 'sources')?.sources ?? []),
    steps: events.filter(e => e.type === 'step'),
    last: events.at(-1),
  };
}

/** The questions the demo page suggests, read from the page itself. */
async function suggestedPrompts() {
  const page = await readFile(new URL('../../demo/index.html', import.meta.url), 'utf8');
  const list = /class="suggestions"[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';
  return [...list.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map(match => match[1].trim());
}

const OWN_QUESTIONS = ['How do I theme it?', 'Does it work with Ollama?', 'How do I stop a stream?'];

describe('the docs answer', () => {
  it('"How do I theme it?" leads with the theming overview, then its CSS custom-property example', async () => {
    const { text } = await ask('How do I theme it?');
    const code = text.indexOf('```css');
    assert.ok(code > 0, 'a CSS example, after the lead');
    assert.match(text.slice(code), /--sse-chat-[\w-]+:/);
    assert.match(text.slice(0, code), /CSS/);
  });

  it('"Does it work with Ollama?" says yes, and what to set', async () => {
    const { text } = await ask('Does it work with Ollama?');
    assert.match(text, /^Yes — .*dialect="openai-chat"/);
  });

  it('finds the docs for questions in German, Japanese and Chinese', async () => {
    const german = await ask('Wie kann ich das Aussehen mit CSS anpassen?');
    assert.match(german.sources[0]?.title ?? '', /Theming|CSS/);
    const japanese = await ask('Ollamaで使えますか？');
    assert.match(japanese.text, /^Yes — .*dialect="openai-chat"/);
    const chinese = await ask('如何用CSS设置主题？');
    assert.match(chinese.sources[0]?.title ?? '', /Theming|CSS/);
  });

  it('does not echo a long question back as a row of bold keywords', async () => {
    const question =
      'I am building a dashboard with React and a FastAPI backend that streams tokens, progress updates, sources and ' +
      'errors over server-sent events, and I wonder how the element handles reconnects, heartbeats, retries, ' +
      'themes, dark mode, right-to-left layouts, keyboard users and screen readers, and whether I can map my own ' +
      'event names onto it without changing the backend at all?';
    const { text, steps } = await ask(question);
    const bold = text.match(/\*\*[^*]+\*\*/g) ?? [];
    assert.ok(bold.length <= 4, `at most the cited sections' names in bold, got ${bold.length}`);
    const understood = steps.find(s => s.id === 'understand' && s.status === 'done');
    assert.match(understood.detail, / and \d+ more/, 'the step lists a few terms, not all');
    assert.ok(steps.filter(s => s.id === 'retrieve').length <= 20, 'a bounded number of retrieval steps');
  });

  it('numbers every citation with a source of its own: each [n] has source n, each source is cited, none twice', async () => {
    for (const question of [...(await suggestedPrompts()), ...OWN_QUESTIONS]) {
      const { text, sources, last } = await ask(question);
      assert.equal(last.type, 'done', question);
      const markers = [...new Set([...text.matchAll(/\[(\d+)\]/g)].map(match => Number(match[1])))];
      assert.deepEqual(
        markers.sort((a, b) => a - b),
        sources.map((_, i) => i + 1),
        `${question}: the markers are exactly 1..${sources.length}`,
      );
      const firstAppearance = [...text.matchAll(/\[(\d+)\]/g)].map(match => Number(match[1])).filter((n, i, all) => all.indexOf(n) === i);
      assert.deepEqual(firstAppearance, sources.map((_, i) => i + 1), `${question}: numbered in the order cited`);
      assert.equal(new Set(sources.map(s => s.url)).size, sources.length, `${question}: one card per source`);
    }
  });

  it('links only to pages the server serves: every link of the suggested answers opens, at its anchor', async () => {
    const marked = new Marked();
    /** @type {Set<string>} */
    const links = new Set();
    for (const question of [...(await suggestedPrompts()), ...OWN_QUESTIONS]) {
      const { text, sources } = await ask(question);
      const html = /** @type {string} */ (marked.parse(text, { async: false }));
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) links.add(href.replace(/&amp;/g, '&'));
      for (const source of sources) links.add(source.url);
    }
    assert.ok(links.size > 0);
    for (const link of links) {
      const url = new URL(link, server.url);
      assert.equal(url.origin, server.url, `${link}: a page of this server`);
      const response = await fetch(url);
      assert.equal(response.status, 200, link);
      const page = await response.text();
      if (url.hash) assert.ok(page.includes(`id="${decodeURIComponent(url.hash.slice(1))}"`), `${link}: the anchor exists`);
    }
  });

  it('serves doc pages whose own links to other docs open too', async () => {
    for (const slug of ['readme', 'protocol', 'theming', 'embedding', 'testing']) {
      const html = await (await fetch(`${server.url}/docs/${slug}`)).text();
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        const url = new URL(href.replace(/&amp;/g, '&'), `${server.url}/docs/${slug}`);
        if (url.origin !== server.url) continue;
        assert.equal((await fetch(url)).status, 200, `${slug}: ${href}`);
      }
    }
  });
});
