import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rewriteLinks, splitBlocks, splitIntoPassages } from '../../demo/backend/corpus.mjs';
import { analyzeQuestion, createPassageIndex, rerank, scoreTerm, accumulateScores } from '../../demo/backend/retrieval.mjs';
import { composeAnswer, splitIntoTokens } from '../../demo/backend/compose.mjs';
import { jsonNestsDeeperThan, readChatRequest } from '../../demo/http/request.mjs';
import { readDataLine } from '../../demo/backend/openai.mjs';

// A fixed seed: the same cases on every run, so CI stays deterministic (as test/helpers/fast-check.ts does).
// fast-check's 100 cases a property in `npm test`; `npm run test:heavy` (SSE_CHAT_HEAVY=1) tries 10× as many.
fc.configureGlobal({ seed: 20261122, numRuns: process.env.SSE_CHAT_HEAVY === '1' ? 1000 : 100 });

/** @param {string} markdown */
const doc = markdown => ({ slug: 'guide', title: 'Guide', file: 'docs/guide.md', markdown });

describe('corpus', () => {
  it('splits by heading, numbering repeated anchors the way GitHub does, and never inside a code fence', () => {
    const passages = splitIntoPassages(
      doc('# Guide\n\nIntro.\n\n## Setup\n\nOne.\n\n```sh\n# not a heading\nnpm i\n```\n\n## Setup\n\nTwo.\n'),
    );
    assert.deepEqual(
      passages.map(p => [p.id, p.title]),
      [
        ['guide#guide', 'Guide'],
        ['guide#setup', 'Guide › Setup'],
        ['guide#setup-1', 'Guide › Setup'],
      ],
    );
    assert.equal(passages[1].markdown, 'One.\n\n```sh\n# not a heading\nnpm i\n```');
  });

  it('keeps a fenced block whole even with blank lines inside', () => {
    assert.deepEqual(splitBlocks('a\n\n```\nx\n\ny\n```\nb'), ['a', '```\nx\n\ny\n```', 'b']);
  });
});

describe('retrieval', () => {
  it('drops filler words and keeps content terms once, in order', () => {
    assert.deepEqual(analyzeQuestion("How do I stop the stream? Stop it, please!"), { terms: ['stop', 'stream'], dropped: 6, extra: 0 });
  });

  it('drops the filler words of other languages, and splits Japanese and Chinese into searchable pieces', () => {
    const terms = (/** @type {string} */ question) => analyzeQuestion(question).terms;
    assert.deepEqual(terms('Wie kann ich das Aussehen mit CSS anpassen?'), ['aussehen', 'css', 'anpassen']);
    assert.deepEqual(terms('Funktioniert es mit Ollama?'), ['ollama']);
    assert.deepEqual(terms('Comment est-ce que je peux arrêter le flux ?'), ['arrêter', 'flux']);
    assert.deepEqual(terms('¿Cómo puedo detener el stream?'), ['detener', 'stream']);
    // Hiragana (particles, endings) separate words; katakana words stay whole.
    assert.deepEqual(terms('Ollamaで使えますか？'), ['ollama']);
    assert.deepEqual(terms('CSSでテーマを変更するには？'), ['css', 'テーマ', '変更']);
    // Chinese: pairs of characters, function characters and question words dropped.
    assert.deepEqual(terms('如何用CSS设置主题？'), ['css', '设置', '置主', '主题']);
  });

  it('searches at most MAX_TERMS terms of a pasted paragraph, and says how many it left out', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`);
    const { terms, extra } = analyzeQuestion(words.join(' '));
    assert.equal(terms.length, 16);
    assert.equal(extra, 24);
  });

  it('reranks by coverage and proximity: terms close together overturn a BM25 lead won by repetition', () => {
    const passages = splitIntoPassages(
      doc(
        '# Guide\n\n## Repeats\n\nAbort often: abort, abort, abort and abort again. Much later, unrelated words fill ' +
          'the line before a stream appears.\n\n' +
          '## Together\n\nStop: abort the stream, then type the next question and send it to the server.\n',
      ),
    );
    const index = createPassageIndex(passages);
    const terms = ['abort', 'stream'];
    /** @type {Map<string, number>} */
    const totals = new Map();
    for (const term of terms) accumulateScores(totals, scoreTerm(index, term));
    assert.ok(Number(totals.get('guide#repeats')) > Number(totals.get('guide#together')), 'BM25 alone prefers repetition');
    const ranked = rerank(totals, new Map(passages.map(p => [p.id, p])), terms);
    assert.deepEqual(ranked.map(r => r.passage.heading), ['Together', 'Repeats']);
    assert.ok(ranked[0].proximity > ranked[1].proximity);
  });

  it('finds words across simple inflections ("theme" finds "Theming")', () => {
    const passages = splitIntoPassages(doc('# Guide\n\n## Theming\n\nColours.\n'));
    assert.equal(scoreTerm(createPassageIndex(passages), 'theme')[0]?.id, 'guide#theming');
  });
});

describe('answer composition', () => {
  it('splits text into tokens of at most four visible characters that join back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), text => {
        const tokens = splitIntoTokens(text);
        assert.equal(tokens.join(''), text);
        assert.ok(tokens.every(token => token.trim().length <= 4));
      }),
    );
  });

  it('leads with the best section\'s opening and its code example, cites the rest, numbered as cited', () => {
    const passages = splitIntoPassages(
      doc(
        '# Guide\n\nIntro.\n\n## Install\n\nRun npm:\n\n```sh\nnpm i x\n```\n\nUnrelated trivia.\n\n' +
          '## Upgrade\n\nRun npm again to upgrade.\n\n## Upgrade part two\n\nMore npm news.\n',
      ),
    );
    const ranked = passages.slice(1).map((passage, i) => ({ passage, score: 1 - i / 10, bm25: 1, coverage: 1, proximity: 0 }));
    // A second part of a section already cited is not cited again.
    ranked.push({ ...ranked[0], passage: { ...ranked[0].passage, id: 'guide#install~2' }, score: 0.5 });
    const { text, cited } = composeAnswer({ question: 'How do I install it with npm?', terms: ['npm'], ranked, passages });
    assert.equal(
      text,
      'Run npm [1]:\n\n```sh\nnpm i x\n```\n\nMore in the docs:\n\n' +
        '- **Guide › Upgrade** — Run npm again to upgrade. [2]\n- **Guide › Upgrade part two** — More npm news. [3]',
    );
    assert.deepEqual(cited.map(c => c.passage.heading), ['Install', 'Upgrade', 'Upgrade part two']);
  });

  it('answers a yes/no question with the one row or sentence that says yes, and never a "no" as a yes', () => {
    const passages = splitIntoPassages(
      doc('# Guide\n\n## Backends\n\n| Your backend | What to set |\n| --- | --- |\n| Ollama, vLLM | `dialect="openai-chat"` |\n| WebSockets | nothing: they are not supported |\n'),
    );
    const ranked = passages.map(passage => ({ passage, score: 1, bm25: 1, coverage: 1, proximity: 0 }));
    const ask = (/** @type {string} */ question, /** @type {string[]} */ terms) => composeAnswer({ question, terms, ranked, passages }).text;
    assert.match(ask('Does it work with Ollama?', ['ollama']), /^Yes — for Ollama, vLLM, set `dialect="openai-chat"` \[1\]\./);
    assert.doesNotMatch(ask('Does it work with WebSockets?', ['websockets']), /^Yes/);
  });

  it('says so without echoing the question in bold when nothing matches', () => {
    const { text, cited } = composeAnswer({ question: 'zebra quantum', terms: ['zebra', 'quantum'], ranked: [], topics: ['Guide'] });
    assert.match(text, /^I could not find anything about that in the docs \(I searched for zebra, quantum\)\./);
    assert.doesNotMatch(text, /\*\*/);
    assert.deepEqual(cited, []);
  });
});

describe('links in quoted docs', () => {
  it('point to the served page of a doc, or become plain text; code is left alone', () => {
    const urlOf = (/** @type {string} */ file, /** @type {string} */ anchor) =>
      ({ 'docs/protocol.md': '/docs/protocol', 'README.md': '/docs/readme' })[file]?.concat(anchor ? `#${anchor}` : '');
    const markdown =
      'See [the protocol](protocol.md#events), [home](../README.md), [here](#setup), [source](../src/x.ts), ' +
      '[site](https://example.com), ![shot](screenshot.png) and <https://example.com/a>; `[not](a.md)`.';
    assert.equal(
      rewriteLinks(markdown, 'docs/guide.md', (file, anchor) => urlOf(file === 'docs/guide.md' ? 'docs/protocol.md' : file, anchor)),
      'See [the protocol](/docs/protocol#events), [home](/docs/readme), [here](/docs/protocol#setup), source, site, shot ' +
        'and `https://example.com/a`; `[not](a.md)`.',
    );
  });
});

describe('request input', () => {
  it('measures JSON nesting like a parser would, ignoring brackets inside strings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.string(), (depth, text) => {
        const json = `${'['.repeat(depth)}${JSON.stringify(text)}${']'.repeat(depth)}`;
        assert.equal(jsonNestsDeeperThan(json, 32), depth > 32);
      }),
    );
    assert.equal(jsonNestsDeeperThan('{"a":"[[[[[[\\"[["}', 2), false);
  });

  it('reads the house body and the OpenAI-style body alike', () => {
    assert.deepEqual(readChatRequest({ message: 'hi', session_id: 7, history: [{ role: 'user', content: 'a' }, 'junk'] }), {
      question: 'hi',
      history: [{ role: 'user', content: 'a' }],
      sessionId: '7',
    });
    assert.deepEqual(
      readChatRequest({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }] }).question,
      'q',
    );
  });
});

describe('OpenAI-compatible stream lines', () => {
  it('reads content deltas, ends on [DONE], skips everything else', () => {
    assert.equal(readDataLine('data: {"choices":[{"delta":{"content":"Hi"}}]}'), 'Hi');
    assert.equal(readDataLine('data: {"choices":[{"delta":{"role":"assistant"}}]}'), '');
    assert.equal(readDataLine(': keep-alive'), '');
    assert.equal(readDataLine('data: [DONE]'), null);
    assert.throws(() => readDataLine('data: {"error":{"message":"quota"}}'), /quota/);
  });
});
