import { LitElement, html } from 'lit';

/**
 * @summary A streaming chat for any Server-Sent-Events endpoint. (Skeleton: the element is being built.)
 */
export class SseChat extends LitElement {
  static define(tag = 'sse-chat', registry: CustomElementRegistry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  override render() {
    return html`<div part="messages"></div>`;
  }
}
