import { expect } from '@open-wc/testing';
import {
  SseChatDoneEvent,
  SseChatErrorEvent,
  SseChatFeedbackEvent,
  SseChatSendEvent,
  SseChatStartEvent,
  SseChatStopEvent,
  SseChatStreamEvent,
  SseChatToggleEvent,
} from '../../src/events/dom-events.js';

const classes = [SseChatSendEvent, SseChatStartEvent, SseChatStreamEvent, SseChatDoneEvent, SseChatStopEvent, SseChatErrorEvent, SseChatToggleEvent, SseChatFeedbackEvent];

describe('dom-events', () => {
  it('names every event sse-chat-…, never a native name, each once', () => {
    const names = classes.map(type => type.eventName);
    expect(names.every(name => /^sse-chat-[a-z]+$/.test(name)), names.join()).to.equal(true);
    expect(new Set(names).size).to.equal(names.length);
  });

  it('every event bubbles and is composed, so a page hears it through shadow roots; only send is cancelable', () => {
    for (const type of classes) {
      const event = new type({} as never);
      expect([event.type, event.bubbles, event.composed, event.cancelable], type.name).to.deep.equal([type.eventName, true, true, type === SseChatSendEvent]);
    }
  });

  it('carries its detail, and reaches a listener outside the shadow root it was dispatched in', () => {
    const host = document.createElement('div');
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    document.body.append(host);
    try {
      const heard: unknown[] = [];
      const listener = (event: Event) => heard.push((event as SseChatSendEvent).detail);
      document.addEventListener(SseChatSendEvent.eventName, listener);
      const detail = { text: 'Hi', retry: false };
      inner.dispatchEvent(new SseChatSendEvent(detail));
      document.removeEventListener(SseChatSendEvent.eventName, listener);
      expect(heard).to.deep.equal([detail]);
    } finally {
      host.remove();
    }
  });
});
