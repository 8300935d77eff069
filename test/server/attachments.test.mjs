import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeAttachments, matchingLines } from '../../demo/backend/attachments.mjs';
import { chatEventsOf, fixtureServers, postChat } from './helpers.mjs';

const { withServer } = fixtureServers();

/** @param {string} text */
const base64 = text => Buffer.from(text).toString('base64');
/** @param {any[]} events */
const answerText = events => events.filter(e => e.type === 'text-delta').map(e => e.delta).join('');

const NOTES = 'Groceries\nMilk, bread\nTo cancel a request, press Stop\n\nThe end';

describe('POST /api/chat with attachments', () => {
  it('says which files it received, quotes the lines of a text file that match the question, then answers from the docs', async () => {
    await withServer({}, async ({ server }) => {
      const attachments = [
        { name: 'notes.txt', type: 'text/plain', size: NOTES.length, data: base64(NOTES) },
        { name: 'dot.png', type: 'image/png', size: 3, data: base64('PNG') },
      ];
      const response = await postChat(`${server.url}/api/chat`, { message: 'How do I cancel a request?', attachments });
      assert.equal(response.status, 200);
      const text = answerText(chatEventsOf(await response.text()));
      assert.ok(
        text.startsWith(
          `**Received 2 files:** \`notes.txt\` (text/plain, ${NOTES.length} bytes), \`dot.png\` (image/png, 3 bytes).\n\n` +
            'In `notes.txt`, the lines that match your question:\n\n> 3: To cancel a request, press Stop\n\n',
        ),
        text,
      );
      assert.match(text, /Press the Stop button to cancel a request/, 'the docs answer follows');
    });
  });

  it('takes files without a question, and bodies over maxBodyBytes on /api/chat (up to maxAttachmentBodyBytes)', async () => {
    await withServer({ maxBodyBytes: 1024, maxAttachmentBodyBytes: 64 * 1024 }, async ({ server }) => {
      const big = 'line\n'.repeat(8000);
      const response = await postChat(`${server.url}/api/chat`, { message: '', attachments: [{ name: 'big.txt', type: 'text/plain', size: big.length, data: base64(big) }] });
      assert.equal(response.status, 200);
      // The rest of the body keeps the usual limit.
      const longHistory = { message: 'x', history: [{ role: 'user', content: 'y'.repeat(2000) }], attachments: [{ name: 'a.txt', type: 'text/plain', size: 1, data: base64('a') }] };
      assert.equal((await postChat(`${server.url}/api/chat`, longHistory)).status, 413);
      assert.match(answerText(chatEventsOf(await response.text())), /^\*\*Received 1 file:\*\* `big.txt` \(text\/plain, 39\.1 KB\)\.\n\n`big.txt` has no line matching your question; it begins:\n\n> 1: line\n>\n> 2: line/);
    });
  });

  it('refuses malformed attachments with a 400 naming the field', async () => {
    await withServer({}, async ({ server }) => {
      for (const attachments of [{}, [{ name: 'a', type: 'text/plain', size: 1, data: 'not base64!' }], [{ name: 7, type: 'x', size: 1, data: '' }], [{ name: 'a', type: 'x', size: -1, data: '' }]]) {
        const response = await postChat(`${server.url}/api/chat`, { message: 'hi', attachments });
        assert.equal(response.status, 400);
        assert.equal((await response.json()).error.code, 'invalid_attachments');
      }
    });
  });

  it('matches lines by stemmed terms, escapes markdown in quotes and names', () => {
    assert.deepEqual(matchingLines('a\nthemes here\ntheming *bold*', ['theme']), [
      { number: 2, line: 'themes here' },
      { number: 3, line: 'theming *bold*' },
    ]);
    const text = describeAttachments([{ name: 'a`b.md', type: 'text/markdown', size: 9, text: '# theme *x*' }], 'theme');
    assert.equal(text, '**Received 1 file:** `a\'b.md` (text/markdown, 9 bytes).\n\nIn `a\'b.md`, the lines that match your question:\n\n> 1: \\# theme \\*x\\*\n\n');
  });
});
