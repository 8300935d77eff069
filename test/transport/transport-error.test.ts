import { expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import { isRetryableCode, TransportError } from '../../src/transport/transport-error.js';

describe('transport/transport-error', () => {
  it('calls retryable what may pass by itself (network, lost connection, silence, timeout, offline), nothing else', () => {
    const retryable = Object.values(ErrorCode).filter(isRetryableCode);
    expect(retryable.sort()).to.deep.equal(
      [ErrorCode.Network, ErrorCode.ConnectionLost, ErrorCode.Stalled, ErrorCode.TurnTimeout, ErrorCode.Offline].sort(),
    );
  });

  it('is an Error with its code, and takes retryable from the code unless told otherwise', () => {
    const lost = new TransportError(ErrorCode.ConnectionLost, 'The connection was lost.');
    expect(lost).to.be.instanceOf(Error);
    expect([lost.name, lost.code, lost.message, lost.retryable]).to.deep.equal(['TransportError', 'connection-lost', 'The connection was lost.', true]);
    expect(new TransportError(ErrorCode.TooLarge, 'Too large').retryable).to.equal(false);
    expect(new TransportError(ErrorCode.Http, 'HTTP 503', { status: 503, retryable: true }).retryable).to.equal(true);
    expect(new TransportError(ErrorCode.Setup, 'No endpoint is set.').retryable).to.equal(false);
    expect(new TransportError(ErrorCode.File, 'Could not read a.txt.').retryable).to.equal(false);
    expect(new TransportError(ErrorCode.Network, 'Down', { retryable: false }).retryable).to.equal(false);
  });

  it('keeps status, Retry-After and the cause when given, and leaves them unset otherwise', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new TransportError(ErrorCode.Http, 'HTTP 429', { status: 429, retryAfter: 7, cause });
    expect([error.status, error.retryAfter, error.cause]).to.deep.equal([429, 7, cause]);
    const bare = new TransportError(ErrorCode.Network, 'x');
    expect([bare.status, bare.retryAfter, bare.cause]).to.deep.equal([undefined, undefined, undefined]);
  });
});
