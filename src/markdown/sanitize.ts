import DOMPurify, { type Config } from 'dompurify';

/**
 * The sanitizer between marked's HTML and the page. Every string that reaches the DOM from markdown passes
 * through here, and nothing here ever returns an HTML string: the result is a DocumentFragment, so there is no
 * serialize-then-reparse step for mutation XSS to exploit.
 *
 * The DOMPurify instances are private (`DOMPurify(window)`, never the page's global), so a host page that adds
 * its own hooks or config to the global DOMPurify cannot weaken ours, and ours cannot change theirs.
 */

/** Tags marked emits for CommonMark + GFM, and nothing else. `img` is added only when images are allowed. */
const MARKDOWN_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong',
  'del', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'input',
];

/** Which element may carry which attribute; everything else (id, name, style, on*, data-*, aria-*) is dropped. */
const ATTRIBUTES_BY_TAG: Readonly<Record<string, readonly string[]>> = {
  A: ['href', 'title'],
  IMG: ['src', 'alt', 'title'],
  OL: ['start'],
  TH: ['align'],
  TD: ['align'],
  CODE: ['class'],
  INPUT: ['type', 'checked', 'disabled'],
};

/**
 * URLs allowed in `href`/`src` after DOMPurify strips whitespace and control characters (which defeats
 * `java\tscript:` and `&#x0A;javascript:` tricks, the entities being decoded by the HTML parser first):
 * http(s), mailto, or a relative URL (anything whose first `:` is not preceded by only scheme characters).
 */
const SAFE_URL = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/** `language-js`, `language-c++`: the only class we keep, for code highlighting by the host page. */
const CODE_LANGUAGE_CLASS = /^language-[\w#+.-]{1,40}$/;

/** The Trusted Types policy name a page must allow (`trusted-types lit-html sse-chat`) when it enforces Trusted Types. */
const TRUSTED_TYPES_POLICY_NAME = 'sse-chat';

type TrustedTypesPolicy = NonNullable<Config['TRUSTED_TYPES_POLICY']>;
let trustedTypesPolicy: TrustedTypesPolicy | null | undefined;

/**
 * Under `require-trusted-types-for 'script'` DOMPurify must hand the untrusted string to its inert parser as
 * TrustedHTML. Left alone, each DOMPurify instance creates its own policy named `dompurify`, and the second is
 * refused as a duplicate (that instance then parses nothing). So both instances share this one policy: it only
 * wraps the string for DOMPurify's parser, and it makes no script URLs (none of our allowed attributes takes one).
 * `null` when the browser has no Trusted Types or the page's CSP does not allow the name.
 */
function sharedTrustedTypesPolicy(): TrustedTypesPolicy | null {
  if (trustedTypesPolicy === undefined) {
    const factory = (window as { trustedTypes?: { createPolicy(name: string, rules: object): TrustedTypesPolicy } }).trustedTypes;
    try {
      trustedTypesPolicy =
        factory?.createPolicy(TRUSTED_TYPES_POLICY_NAME, {
          createHTML: (html: string) => html,
          createScriptURL: () => {
            throw new TypeError('sse-chat creates no script URLs');
          },
        }) ?? null;
    } catch {
      trustedTypesPolicy = null;
    }
  }
  return trustedTypesPolicy;
}

function createPurifier(allowImages: boolean) {
  const purify = DOMPurify(window);
  const policy = sharedTrustedTypesPolicy();
  const config: Config = {
    // Without Trusted Types (or a policy), `null` keeps DOMPurify from trying to create a `dompurify` policy itself.
    TRUSTED_TYPES_POLICY: policy,
    ALLOWED_TAGS: allowImages ? [...MARKDOWN_TAGS, 'img'] : MARKDOWN_TAGS,
    // Each tag's own list is enforced by the hook below (an `img`'s `src` goes with the `img`, when images are allowed).
    ALLOWED_ATTR: Object.values(ATTRIBUTES_BY_TAG).flat(),
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
    ALLOW_SELF_CLOSE_IN_ATTR: false,
    // Left at DOMPurify's defaults, which only a config naming them changes (its setConfig reads `!== false` and
    // `|| false`): SAFE_FOR_XML and SANITIZE_DOM on, WHOLE_DOCUMENT and ALLOW_UNKNOWN_PROTOCOLS off.
    // Parse everything as body content: a leading <style> or <meta> would otherwise be hoisted into a head. (A
    // <frameset> still leaves no body: sanitizeToFragment then throws and the caller shows plain text.)
    FORCE_BODY: true,
    RETURN_DOM_FRAGMENT: true,
  };
  purify.setConfig(config);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const allowed = ATTRIBUTES_BY_TAG[node.nodeName];
    if (!allowed || !allowed.includes(data.attrName)) data.keepAttr = false;
    else if (data.attrName === 'class' && !CODE_LANGUAGE_CLASS.test(data.attrValue)) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', node => {
    const element = node as Element;
    switch (node.nodeName) {
      case 'A':
        // Links leave the chat, never replace it, and never hand the opener to the target page.
        element.setAttribute('target', '_blank');
        element.setAttribute('rel', 'noopener noreferrer');
        break;
      case 'INPUT':
        // Only GFM task-list checkboxes, and they are read-only.
        if (element.getAttribute('type') !== 'checkbox') element.remove();
        else element.setAttribute('disabled', '');
        break;
      case 'IMG':
        element.setAttribute('loading', 'lazy');
        element.setAttribute('referrerpolicy', 'no-referrer');
        break;
    }
  });
  return purify;
}

/** Built on first use: a chat that never shows images never builds the images purifier (~37 kB of heap). */
const purifiers: { plain?: ReturnType<typeof DOMPurify>; images?: ReturnType<typeof DOMPurify> } = {};

/**
 * Sanitizes marked's HTML into a detached DocumentFragment (owned by DOMPurify's inert document; adopted when inserted).
 * @param html HTML produced by marked from untrusted markdown.
 * @param allowImages keep `<img>` (remote images load); otherwise images are removed.
 * @throws when DOMPurify cannot produce a body to sanitize (callers fall back to plain text).
 */
export function sanitizeToFragment(html: string, allowImages = false): DocumentFragment {
  const purify = allowImages ? (purifiers.images ??= createPurifier(true)) : (purifiers.plain ??= createPurifier(false));
  // setConfig above fixed RETURN_DOM_FRAGMENT (and makes DOMPurify skip re-parsing a config on every call).
  const fragment = purify.sanitize(html) as unknown as DocumentFragment | null;
  if (!fragment) throw new Error('markdown HTML could not be sanitized');
  return fragment;
}
