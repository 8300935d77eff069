// Start-up probe (a classic script in <head>, so it runs before any module): from the first frame on, checks each
// animation frame whether the page's `window.startupReady()` says its chat is on screen; the first frame where it
// is, a task posted from that frame's rAF callback runs once the frame's style, layout and paint are done, and
// records the time since navigation start in `window.startupPaintedMs` and says so on the console.
(() => {
  const check = () => {
    const ready = typeof window.startupReady === 'function' && window.startupReady();
    if (!ready) return requestAnimationFrame(check);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      window.startupPaintedMs = performance.now();
      // Tells the bench at once, without it polling the page (each poll would be a task on the measured thread).
      console.debug('startup-painted');
    };
    channel.port2.postMessage(undefined);
  };
  requestAnimationFrame(check);
})();

/** Whether `element`'s shadow root holds a laid-out `selector` (the chat's text box): the chat is usable. */
window.shownInShadow = (element, selector) => {
  const found = element?.shadowRoot?.querySelector(selector);
  return !!found && found.getBoundingClientRect().width > 0;
};
