import { expect } from '@open-wc/testing';
import { createSessionId } from '../../src/state/session-id.js';

describe('createSessionId', () => {
  it('createSessionId makes distinct version-4 UUIDs', () => {
    const a = createSessionId();
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createSessionId()).not.to.equal(a);
  });
});
