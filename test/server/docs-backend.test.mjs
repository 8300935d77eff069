import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitBlocks, splitIntoPassages } from '../../demo/backend/corpus.mjs';
import { analyzeQuestion, createPassageIndex, rerank, scoreTerm, accumulateScores } from '../../demo/backend/retrieval.mjs';
import { composeAnswer, splitIntoTokens } from '../../demo/backend/compose.mjs';
import { jsonNestsDeeperThan, readChatRequest } from '../../demo/backend/http-input.mjs';
import { readDataLine } from '../../demo/backend/openai.mjs';

// A fixed seed: the same cases on every run, so CI stays deterministic (as test/helpers/fast-check.ts does).
fc.configureGlobal({ seed: 20261122 });

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
    assert.deepEqual(analyzeQuestion("How do I stop the stream? Stop it, please!"), { terms: ['stop', 'stream'], dropped: 6 });
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

  it('quotes a cited passage under its heading with a citation marker, keeping its code block', () => {
    const [passage] = splitIntoPassages(doc('## Install\n\nRun npm:\n\n```sh\nnpm i x\n```\n\nUnrelated trivia.\n'));
    const answer = composeAnswer(['npm'], [{ passage, score: 1, bm25: 1, coverage: 1, proximity: 0 }]);
    assert.equal(answer, 'Here is what the docs say about **npm**, from 1 passage:\n\n### Install [1]\n\nRun npm:\n\n```sh\nnpm i x\n```');
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
