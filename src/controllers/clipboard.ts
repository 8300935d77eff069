/**
 * Copies text to the clipboard. Uses the async Clipboard API; only where it is missing (an old browser, a page
 * served over plain http) falls back to the legacy `execCommand('copy')` on a hidden, off-screen textarea.
 * Never throws: a refusal (no user activation, permission denied) resolves to `false` so the caller can say so.
 * @param text what to copy, as plain text.
 * @returns whether the text reached the clipboard.
 */
export async function copyText(text: string): Promise<boolean> {
  const clipboard = globalThis.navigator?.clipboard;
  if (clipboard && typeof clipboard.writeText === 'function') {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }
  return copyWithTextarea(text);
}

function copyWithTextarea(text: string): boolean {
  // The selection moves into the textarea; put focus back where the reader was.
  const previous = deepActiveElement();
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', ''); // no on-screen keyboard
  textarea.style.cssText = 'position:fixed;opacity:0';
  document.body.append(textarea);
  try {
    textarea.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    textarea.remove();
    (previous as HTMLElement | null)?.focus?.({ preventScroll: true });
  }
}

/** The focused element, looking through open shadow roots (the copy button lives in one). */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
