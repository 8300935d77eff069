import { expect } from '@open-wc/testing';
import { encodeBody, resolveHeaders } from '../../src/transport/request.js';

describe('request headers and body', () => {
  it('resolveHeaders asks for an event stream in JSON and lets the page add or override headers', async () => {
    expect(await resolveHeaders(undefined)).to.deep.equal({ 'Content-Type': 'application/json', Accept: 'text/event-stream' });
    expect(await resolveHeaders({ 'X-Key': 'k' })).to.include({ 'X-Key': 'k', Accept: 'text/event-stream' });
    expect(await resolveHeaders(async () => ({ Accept: 'application/x-ndjson' }))).to.include({ Accept: 'application/x-ndjson' });
  });

  it('encodeBody sends strings as they are and everything else as JSON', () => {
    expect(encodeBody('{"raw":1}')).to.equal('{"raw":1}');
    expect(encodeBody({ message: 'hi' })).to.equal('{"message":"hi"}');
  });

});
