import { expect } from '@open-wc/testing';
import { readJson, removeKey, storageKey, writeJson } from '../../src/persistence/storage.js';

describe('safe storage', () => {
  /** A Storage whose writes always fail, as a full quota makes them. */
  const fullStorage = () =>
    ({
      getItem: () => '{not json',
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    }) as unknown as Storage;

  it('reports failed writes and unreadable entries instead of throwing', () => {
    expect(writeJson(fullStorage(), 'k', { a: 1 })).to.equal(false);
    expect(readJson(fullStorage(), 'k')).to.equal(undefined);
    expect(writeJson(undefined, 'k', 1)).to.equal(false);
    expect(() => removeKey(fullStorage(), 'k')).not.to.throw();
  });

  it('keys by the endpoint resolved against the page, and by a page-given scope', () => {
    expect(storageKey('conversation', '/api/chat')).to.equal(`sse-chat:conversation:${location.origin}/api/chat`);
    expect(storageKey('conversation', '/api/chat', 'abc')).to.equal(`sse-chat:conversation:${location.origin}/api/chat#abc`);
    expect(storageKey('open', 'https://example.com/chat')).to.equal('sse-chat:open:https://example.com/chat');
  });
});
