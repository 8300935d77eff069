// Tests for the benchmark's own building blocks (`node --test bench/`): the answer generator every figure rests
// on, the report arithmetic, and the static server's refusal to serve anything but the bench's own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { generateAnswer, textDeltaFrame, CHARS_PER_TOKEN } from '../demo/backend/long-answer.mjs';
import { fixed, formatMarkdownTable, interpolate, logLogSlope } from './report.mjs';
import { startStaticServer } from './static-server.mjs';

test('the answer is deterministic, exactly as long as asked, and about 4 characters per token', () => {
  const first = generateAnswer(8000, 7);
  const again = generateAnswer(8000, 7);
  assert.deepEqual(first.tokens, again.tokens);
  assert.equal(first.tokens.length, 8000);
  assert.equal(first.text, first.tokens.join(''));
  assert.ok(first.tokens.every(token => token.length >= 1 && token.length <= 7));
  const perToken = first.text.length / first.tokens.length;
  assert.ok(Math.abs(perToken - CHARS_PER_TOKEN) < 0.1, `${perToken} characters per token`);
  assert.notDeepEqual(generateAnswer(500, 8).tokens, generateAnswer(500, 7).tokens);
});

test('a shorter answer is a prefix of a longer one with the same seed', () => {
  const short = generateAnswer(500);
  const long = generateAnswer(32000);
  assert.deepEqual(short.tokens, long.tokens.slice(0, 500));
});

test('the answer has the markdown a long LLM answer has', () => {
  const { text } = generateAnswer(2000);
  assert.match(text, /^#{2,3} \S/m, 'headings');
  assert.match(text, /^- \S/m, 'bullet lists');
  assert.match(text, /^1\. \S/m, 'numbered lists');
  assert.match(text, /^```\w+\n[\s\S]*?\n```$/m, 'code fences');
  assert.match(text, /^\|( --- \|)+$/m, 'tables');
  assert.match(text, /\[[^\]]+\]\(https:\/\/example\.com\/[^)]+\)/, 'links');
  assert.match(text, /\*\*[^*]+\*\*/, 'bold');
});

test('a token becomes one canonical text-delta frame, JSON-escaped', () => {
  assert.equal(textDeltaFrame('a "b"\n'), 'event: text-delta\ndata: {"delta":"a \\"b\\"\\n"}\n\n');
});

test('the growth exponent is the log-log slope', () => {
  assert.ok(Math.abs(logLogSlope([[2000, 20], [8000, 80], [32000, 320]]) - 1) < 1e-9);
  assert.ok(Math.abs(logLogSlope([[2000, 4], [8000, 64], [32000, 1024]]) - 2) < 1e-9);
});

test('interpolation is linear between points and flat outside them', () => {
  const points = [{ at: 10, ms: 1 }, { at: 20, ms: 3 }];
  assert.equal(interpolate(points, 15), 2);
  assert.equal(interpolate(points, 0), 1);
  assert.equal(interpolate(points, 99), 3);
});

test('figures format with separators and say n/a when missing', () => {
  assert.equal(fixed(31847.4, 0), '31,847');
  assert.equal(fixed(undefined, 1), 'n/a');
  assert.equal(fixed(NaN, 1), 'n/a');
});

test('markdown tables escape pipes, footnote stars and tag names', () => {
  const table = formatMarkdownTable(['a', '<sse-chat>'], [['1 | 2', '3 ms*']]);
  assert.equal(table, '| a | &lt;sse-chat> |\n| --- | --- |\n| 1 \\| 2 | 3 ms\\* |');
});

test('the static server serves the bench pages and nothing outside its allowed folders', async () => {
  const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  const server = await startStaticServer(root);
  try {
    const page = await fetch(`${server.url}/bench/pages/baseline.html`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /naive baseline/);
    const generator = await fetch(`${server.url}/demo/backend/long-answer.mjs`);
    assert.equal(generator.status, 200, 'the pages import the answer generator the demo shares');
    assert.match(await generator.text(), /export function generateAnswer/);
    for (const path of ['/package.json', '/bench/../package.json', '/bench/%2e%2e/package.json', '/node_modules/lit/index.js', '/demo/server.mjs']) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      assert.equal(response.status, 404, path);
    }
  } finally {
    await server.close();
  }
});


/** A DOM-shaped tree for lastTextOf: ['p', ['em', 'x'], ' y\n'] is an element with children, a string a text node. */
function tree(spec) {
  if (typeof spec === 'string') return { nodeType: 3, data: spec, previousSibling: null };
  const [, ...children] = spec;
  const nodes = children.map(tree);
  nodes.forEach((node, i) => (node.previousSibling = nodes[i - 1] ?? null));
  return { nodeType: 1, lastChild: nodes.at(-1) ?? null, previousSibling: null };
}

test('hostile runs: the last word of an answer is found from its end, in linear time', async () => {
  const { lastWordOf } = await import('./pages/last-text.js');
  assert.equal(lastWordOf('See [ref 1] and [ref 19999].\n\nEndOfAnswer.\n'), 'EndOfAnswer');
  assert.equal(lastWordOf('    code line 952'), '952');
  assert.equal(lastWordOf('***\n\n***\n'), '');
  assert.equal(lastWordOf(undefined), '');
  // A regex anchored at the end tried every start of this word: minutes, not a millisecond.
  assert.equal(lastWordOf(`${'x'.repeat(200_000)} end.`), 'end');
  assert.equal(lastWordOf('x'.repeat(200_000)).length, 200_000);
});

test('hostile runs: the last text of the content skips white space and empty elements, within a budget', async () => {
  const { lastTextOf } = await import('./pages/last-text.js');
  const content = tree(['div', ['div', ['p', 'first'], '\n', ['p', 'last ', ['em', 'word'], '\n'], '\n'], '\n', ['hr'], '\n']);
  assert.equal(lastTextOf(content), 'word');
  assert.equal(lastTextOf(tree(['div', '\n', ['p'], ' '])), null);
  assert.equal(lastTextOf(null), null);
  // An answer ending in thousands of rules: the check gives up after its budget of nodes, it does not walk them all.
  const rules = tree(['div', ['p', 'text'], ...Array.from({ length: 5000 }, () => ['hr'])]);
  assert.equal(lastTextOf(rules), null);
  assert.equal(lastTextOf(rules, { nodes: 10_000 }), 'text');
});
