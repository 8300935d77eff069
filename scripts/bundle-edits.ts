/**
 * Edits to dependencies' code for the script-tag files only (vite.config.ts applies them in bundle and math mode):
 * parts of DOMPurify and marked that the chat never runs but that their modules keep alive with module-level side
 * effects. Pure string functions returning the edits; each finds its anchors exactly once or throws, so a new version of
 * a dependency fails the build instead of being edited blindly (then redo the edits against it, or drop them).
 * test/scripts/bundle-edits.test.ts runs the edited modules against the originals.
 */

/** Replace `[start, end)` of the code with `text` (empty: remove). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

function indexOnce(code: string, text: string, what: string): number {
  const at = code.indexOf(text);
  if (at < 0 || code.indexOf(text, at + 1) >= 0) {
    throw new Error(`sse-chat: ${what}'s text changed ("${text.slice(0, 50)}" is not there exactly once): update scripts/bundle-edits.ts`);
  }
  return at;
}

/**
 * Edits removing the one-line module-level definitions (`const name = …;`) of `names`, each of which DOMPurify uses only
 * inside `removed` (text the other edits take out); throws if one is used anywhere else, or not defined so.
 */
function orphanDefinitions(code: string, names: readonly string[], removed: readonly Edit[], what: string): Edit[] {
  return names.map(name => {
    const definition = new RegExp(`^const ${name} = [^\\n]*;\\n`, 'm').exec(code);
    const outside = [...code.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].filter(
      use => use.index !== definition?.index! + 'const '.length && !removed.some(cut => use.index >= cut.start && use.index < cut.end),
    );
    if (!definition || outside.length) throw new Error(`sse-chat: DOMPurify uses ${name} beyond what ${what} removes: update scripts/bundle-edits.ts`);
    return { start: definition.index, end: definition.index + definition[0].length, text: '' };
  });
}

/**
 * DOMPurify's default allow-lists — every HTML tag, and every HTML, SVG, MathML and XML attribute (~1.9 kB gzip) —
 * are read only when a config gives no `ALLOWED_TAGS` / `ALLOWED_ATTR` array (or asks for `USE_PROFILES`). Both of
 * our purifiers (src/markdown/sanitize.ts, src/math/math.ts) always pass both arrays, so those lists never decide
 * anything: they ship empty. Should a config ever rely on them, it fails closed (nothing allowed). The SVG and
 * MathML tag lists stay: the namespace checks read them whatever the config.
 */
export function emptyDomPurifyDefaultLists(code: string): Edit[] {
  // Each list → how many times DOMPurify's text names it besides its definition: the default sets, USE_PROFILES,
  // and the same words as parameter or property names (`createHTML(html)`, `USE_PROFILES.html`). A new use of a
  // list changes the count and fails the build, so that it is looked at.
  return emptyDomPurifyLists(code, { html$1: 2, html: 12, svg: 4, mathMl: 3, xml: 4 });
}

/**
 * The script-tag bundle only (not the maths file, whose purifier allows MathML): DOMPurify's SVG and MathML tag
 * lists (~0.6 kB gzip). Besides the defaults above, only its namespace checks read them, and with our markdown
 * `ALLOWED_TAGS` (src/markdown/sanitize.ts: no SVG or MathML name but `a`, which DOMPurify treats as both HTML and
 * SVG) the checks then decide the same for every element an HTML parser can make, or remove more: an element in the
 * SVG or MathML namespace is no longer recognised, so it goes. Raw HTML in an answer never reaches DOMPurify anyway
 * (marked's html renderer escapes it); this is the second wall, and it stays up.
 */
export function emptyDomPurifyNamespaceLists(code: string): Edit[] {
  return emptyDomPurifyLists(code, { svg$1: 3, svgFilters: 4, svgDisallowed: 1, mathMl$1: 3, mathMlDisallowed: 1 });
}

/** Where DOMPurify's build puts its Babel helpers (before its own code) and where its own code starts. */
const DOMPURIFY_HELPERS_START = 'function _OverloadYield(e, d) {';
const DOMPURIFY_OWN_CODE = 'const entries = Object.entries;';
/** The one use of a helper: `clone()` destructuring the pairs of `Object.entries`, which are always arrays of two. */
const DOMPURIFY_ENTRY_PAIR = 'var _ref3 = _slicedToArray(_ref2, 2);';

/**
 * DOMPurify's published module opens with the Babel helpers its build added (~0.5 kB gzip): an `AsyncGenerator`
 * class nothing makes (its prototype set up at load, so no minifier can drop it) and the array destructuring helpers,
 * used once, to take apart an `Object.entries` pair — always a real two-element array, which the helper returns as
 * is. The pair is used directly and the helpers go. Fails the build if a helper is used anywhere else.
 */
export function dropDomPurifyBabelHelpers(code: string): Edit[] {
  const start = indexOnce(code, DOMPURIFY_HELPERS_START, 'DOMPurify');
  const end = indexOnce(code, DOMPURIFY_OWN_CODE, 'DOMPurify');
  const pair = indexOnce(code, DOMPURIFY_ENTRY_PAIR, 'DOMPurify');
  const helpers = code.slice(start, end);
  const names = [...helpers.matchAll(/^function (\w+)\(/gm)].map(match => match[1]!);
  const rest = code.slice(0, start) + code.slice(end, pair) + code.slice(pair + DOMPURIFY_ENTRY_PAIR.length);
  const used = names.filter(name => new RegExp(`\\b${name}\\b`).test(rest));
  if (start > end || names.length < 2 || used.length || !/for \(const _ref2 of entries\(object\)\) \{\s*$/.test(code.slice(0, pair))) {
    throw new Error(`sse-chat: DOMPurify's Babel helpers changed (${used.join(', ') || 'layout'}): update dropDomPurifyBabelHelpers in scripts/bundle-edits.ts`);
  }
  return [
    { start, end, text: '' },
    { start: pair, end: pair + DOMPURIFY_ENTRY_PAIR.length, text: 'var _ref3 = _ref2;' },
  ];
}

/** DOMPurify's instance methods the chat never calls, each from its first line to the next method (or the end). */
const DOMPURIFY_UNUSED_METHODS: ReadonlyArray<readonly [string, string]> = [
  ['\tDOMPurify.clearConfig = function() {', '\tDOMPurify.addHook = function('],
  ['\tDOMPurify.removeHook = function(', '\treturn DOMPurify;\n}'],
];
/** The methods those cuts remove. */
export const DOMPURIFY_DROPPED_METHODS = ['clearConfig', 'isValidAttribute', 'removeHook', 'removeHooks', 'removeAllHooks'];

/**
 * The methods of a DOMPurify instance that neither of our purifiers calls (src/markdown/sanitize.ts and
 * src/math/math.ts use `setConfig`, `addHook` and `sanitize`): `clearConfig`, `isValidAttribute`, `removeHook`,
 * `removeHooks`, `removeAllHooks` (~0.3 kB gzip). The instances are private (`DOMPurify(window)`), so nothing else can
 * call them; test/scripts/bundle-edits.test.ts checks that our sources do not.
 */
export function dropDomPurifyUnusedMethods(code: string): Edit[] {
  const methods = DOMPURIFY_UNUSED_METHODS.map(([from, to]) => {
    const start = indexOnce(code, from, 'DOMPurify');
    const end = indexOnce(code, to, 'DOMPurify');
    const methods = [...code.slice(start, end).matchAll(/^\tDOMPurify\.(\w+) = /gm)].map(match => match[1]!);
    if (end < start || methods.some(name => !DOMPURIFY_DROPPED_METHODS.includes(name))) {
      throw new Error(`sse-chat: DOMPurify's methods moved (${methods.join(', ')}): update dropDomPurifyUnusedMethods in scripts/bundle-edits.ts`);
    }
    return { start, end, text: '' };
  });
  // `removeHook`'s helpers, used nowhere else.
  return [...methods, ...orphanDefinitions(code, ['arrayLastIndexOf', 'arraySplice'], methods, 'dropDomPurifyUnusedMethods')];
}

/**
 * DOMPurify options with the one value the markdown purifier (src/markdown/sanitize.ts) gives them: their default where
 * it leaves them out, its own where it sets them. The `false` ones switch off whole code paths: template-expression
 * scrubbing, whole-document output, TrustedHTML output, named-property clobbering prefixes, in-place sanitizing,
 * unknown URL protocols, `data-*` and `aria-*` attributes, self-closing tags inside attributes, allow-list profiles.
 * The `true` ones keep their checks on (`FORCE_BODY` always prefixes the dirty string).
 */
export const DOMPURIFY_PINNED_OPTIONS: Readonly<Record<string, boolean>> = {
  SAFE_FOR_TEMPLATES: false,
  WHOLE_DOCUMENT: false,
  RETURN_TRUSTED_TYPE: false,
  SANITIZE_NAMED_PROPS: false,
  IN_PLACE: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  USE_PROFILES: false,
  SAFE_FOR_XML: true,
  SANITIZE_DOM: true,
  KEEP_CONTENT: true,
  FORCE_BODY: true,
  // A fragment, never a string: the serializing path goes. DOMPurify sets `RETURN_DOM` for `RETURN_DOM_FRAGMENT`.
  RETURN_DOM_FRAGMENT: true,
  RETURN_DOM: true,
};

/**
 * DOMPurify options the markdown purifier never sets, with what DOMPurify makes of their absence (as its source text):
 * HTML parsed as `text/html` into the HTML namespace. Pinned like {@link DOMPURIFY_PINNED_OPTIONS}, the XHTML
 * parsing and foreign-namespace document paths go.
 */
export const DOMPURIFY_UNSET_OPTIONS: Readonly<Record<string, string>> = {
  PARSER_MEDIA_TYPE: '"text/html"',
  NAMESPACE: 'HTML_NAMESPACE',
};

/**
 * The script-tag bundle only (the maths file's purifier sanitizes in place): DOMPurify reads each of
 * {@link DOMPURIFY_PINNED_OPTIONS} and {@link DOMPURIFY_UNSET_OPTIONS} from the config in one line; without that line the option keeps its declared
 * value forever (set here to the pinned one), so the minifier folds the checks and drops the code behind the `false`
 * ones (~1 kB gzip). With our config each option has that value either way; test/scripts/bundle-edits.test.ts checks
 * that src/markdown/sanitize.ts sets each one that differs from DOMPurify's default, and none to anything else. Fails
 * the build if an option is declared or read differently, or assigned anything but its pinned value elsewhere.
 */
export function pinDomPurifyOptions(code: string): Edit[] {
  return [...Object.entries(DOMPURIFY_PINNED_OPTIONS), ...Object.entries(DOMPURIFY_UNSET_OPTIONS)].flatMap(([name, value]) => {
    const declared = new RegExp(`\\tlet ${name} = ([^;\\n]+);\\n`).exec(code);
    const reads = [...code.matchAll(new RegExp(`^\\t\\t${name} = [^\\n]*\\bcfg\\.${name}\\b[^\\n]*;\\n`, 'gm'))];
    const assignments = [...code.matchAll(new RegExp(`\\b${name} (?:=|\\|\\|=|&&=|\\?\\?=)[^=][^;]*`, 'g'))];
    // Besides the declaration and the read, only assignments of the pinned value itself (`ALLOW_DATA_ATTR = false`),
    // which go too (`if (SAFE_FOR_TEMPLATES) ;`), so the minifier sees a constant.
    const read = reads[0];
    const inside = (at: number, match: RegExpExecArray | RegExpMatchArray | null | undefined) => !!match && at >= match.index! && at < match.index! + match[0].length;
    const others = assignments.filter(assignment => !inside(assignment.index, declared) && !inside(assignment.index, read));
    if (!declared || !read || reads.length !== 1 || others.some(([text]) => text !== `${name} = ${value}`)) {
      throw new Error(`sse-chat: DOMPurify declares, reads or assigns ${name} differently: update pinDomPurifyOptions in scripts/bundle-edits.ts`);
    }
    const edits = [{ start: read.index, end: read.index + read[0].length, text: '' }, ...others.map(other => ({ start: other.index, end: other.index + other[0].length, text: '' }))];
    if (declared[1] === String(value)) return edits;
    const at = declared.index + declared[0].indexOf(declared[1]!);
    return [...edits, { start: at, end: at + declared[1]!.length, text: String(value) }];
  });
}

/** Each of {@link DOMPURIFY_PINNED_OPTIONS} with DOMPurify's declared default (for tests: those that differ must be configured). */
export function domPurifyDefaults(code: string): Record<string, boolean> {
  return Object.fromEntries(Object.keys(DOMPURIFY_PINNED_OPTIONS).map(name => [name, new RegExp(`\\tlet ${name} = true;`).test(code)]));
}

/** What the bundle's purifier throws when handed anything but a string. */
export const DOMPURIFY_STRINGS_ONLY_ERROR = "sse-chat's script-tag bundle sanitizes strings only";
/** DOMPurify's handling of input that is not a string: a value to stringify, or a DOM node to import and sanitize. */
const DOMPURIFY_NON_STRING_INPUT =
  '\t\tif (typeof dirty !== "string" && !_isNode(dirty)) {\n\t\t\tdirty = stringifyValue(dirty);\n\t\t\tif (typeof dirty !== "string") throw typeErrorCreate("dirty is not a string, aborting");\n\t\t}\n';
const DOMPURIFY_NODE_INPUT = '\t\t} else if (_isNode(dirty)) {\n';

/**
 * The script-tag bundle only (the maths file's purifier sanitizes a node): the markdown purifier hands DOMPurify a
 * string, always (src/markdown/sanitize.ts, marked's HTML). The paths for other input — stringifying any value, and
 * importing and walking a DOM node with its shadow roots — go (~0.2 kB gzip); anything but a string gets a clear error.
 */
export function sanitizeDomPurifyStringsOnly(code: string): Edit[] {
  const stringify = indexOnce(code, DOMPURIFY_NON_STRING_INPUT, 'DOMPurify');
  const node = indexOnce(code, DOMPURIFY_NODE_INPUT, 'DOMPurify');
  const uses = code.match(/\bstringifyValue\(/g)?.length;
  if (uses !== 2 || node < stringify) throw new Error(`sse-chat: DOMPurify's sanitize() input handling changed: update sanitizeDomPurifyStringsOnly in scripts/bundle-edits.ts`);
  const input = {
    start: stringify,
    end: stringify + DOMPURIFY_NON_STRING_INPUT.length,
    text: `\t\tif (typeof dirty !== "string") throw typeErrorCreate(${JSON.stringify(DOMPURIFY_STRINGS_ONLY_ERROR)});\n`,
  };
  // `stringifyValue` and the helpers only it uses go with its one call.
  const functionStart = indexOnce(code, 'function stringifyValue(value) {\n', 'DOMPurify');
  const stringifier = { start: functionStart, end: code.indexOf('\n}\n', functionStart) + 3, text: '' };
  const helpers = orphanDefinitions(code, DOMPURIFY_STRINGIFY_HELPERS, [input, stringifier], 'sanitizeDomPurifyStringsOnly');
  return [input, stringifier, ...helpers, { start: node, end: node + DOMPURIFY_NODE_INPUT.length, text: '\t\t} else if (false) {\n' }];
}

/** What DOMPurify's `stringifyValue` alone uses. */
const DOMPURIFY_STRINGIFY_HELPERS = ['numberToString', 'booleanToString', 'bigintToString', 'symbolToString', 'objectToString'];

/** What the bundle's purifier throws when a config leaves `TRUSTED_TYPES_POLICY` out. */
export const DOMPURIFY_POLICY_REQUIRED_ERROR = "sse-chat's script-tag bundle needs TRUSTED_TYPES_POLICY (a policy, or null)";
/** DOMPurify's fallback when a config names no Trusted Types policy: it makes its own `dompurify` policy. */
const DOMPURIFY_DEFAULT_POLICY =
  '\t\t} else {\n\t\t\tif (trustedTypesPolicy === void 0) trustedTypesPolicy = _getDefaultTrustedTypesPolicy();\n\t\t\tif (trustedTypesPolicy && typeof emptyHTML === "string") emptyHTML = _createTrustedHTML("");\n\t\t}\n';
const DOMPURIFY_RECURSION_MESSAGE = '"A configured TRUSTED_TYPES_POLICY callback (createHTML or createScriptURL) must not call DOMPurify.sanitize,';

/**
 * The script-tag bundle only: the markdown purifier always names its Trusted Types policy (src/markdown/sanitize.ts:
 * the shared `sse-chat` policy, or `null`), so DOMPurify's fallback of making a `dompurify` policy of its own goes,
 * and a config without one gets a clear error. The guard against a policy that calls back into DOMPurify stays, with
 * a one-line message instead of its paragraph (~0.2 kB gzip together).
 */
export function requireDomPurifyTrustedTypesPolicy(code: string): Edit[] {
  const fallback = indexOnce(code, DOMPURIFY_DEFAULT_POLICY, 'DOMPurify');
  const message = indexOnce(code, DOMPURIFY_RECURSION_MESSAGE, 'DOMPurify');
  const end = code.indexOf('");', message) + 1;
  if (end < message || code.slice(message, end).includes('\n')) throw new Error("sse-chat: DOMPurify's Trusted Types recursion message changed: update scripts/bundle-edits.ts");
  return [
    { start: fallback, end: fallback + DOMPURIFY_DEFAULT_POLICY.length, text: `\t\t} else throw typeErrorCreate(${JSON.stringify(DOMPURIFY_POLICY_REQUIRED_ERROR)});\n` },
    { start: message, end, text: JSON.stringify('A TRUSTED_TYPES_POLICY callback must not call DOMPurify.sanitize') },
  ];
}

/** The options {@link dropDomPurifyUnsetOptionReads} stops reading: the markdown purifier sets none of them. */
export const DOMPURIFY_UNREAD_OPTIONS = ['CUSTOM_ELEMENT_HANDLING', 'ADD_TAGS', 'ADD_ATTR', 'ADD_FORBID_CONTENTS'];
const DOMPURIFY_CUSTOM_ELEMENTS_FROM = '\t\tconst customElementHandling = _resolveObjectOption(cfg, "CUSTOM_ELEMENT_HANDLING", DEFAULT_CUSTOM_ELEMENT_HANDLING);\n';
const DOMPURIFY_CUSTOM_ELEMENTS_TO = '\t\tseal(CUSTOM_ELEMENT_HANDLING);\n';
const DOMPURIFY_ADDITIONS_FROM = '\t\tif (objectHasOwnProperty(cfg, "ADD_TAGS")) {\n';
const DOMPURIFY_ADDITIONS_TO = '\t\tif (KEEP_CONTENT) ALLOWED_TAGS["#text"] = true;\n';

/**
 * What DOMPurify's checks of custom elements (`CUSTOM_ELEMENT_HANDLING`) and of tags and attributes added as functions
 * (`ADD_TAGS`, `ADD_ATTR`: `EXTRA_ELEMENT_HANDLING`) come to when neither is configured, as [text, what stays]: no
 * custom element or extra name is ever allowed.
 */
const DOMPURIFY_UNCONFIGURED_CHECKS: ReadonlyArray<readonly [string, string]> = [
  ['\t\tif (!FORBID_TAGS[tagName] && _isBasicCustomElement(tagName) && _matchesNameCheck(CUSTOM_ELEMENT_HANDLING.tagNameCheck, tagName)) return false;\n', ''],
  [
    '\t\tif (!nameIsPermitted) return _isBasicCustomElement(lcTag) && _matchesNameCheck(CUSTOM_ELEMENT_HANDLING.tagNameCheck, lcTag) && _matchesNameCheck(CUSTOM_ELEMENT_HANDLING.attributeNameCheck, lcName, lcTag) || lcName === "is" && CUSTOM_ELEMENT_HANDLING.allowCustomizedBuiltInElements && _matchesNameCheck(CUSTOM_ELEMENT_HANDLING.tagNameCheck, value);\n',
    '\t\tif (!nameIsPermitted) return false;\n',
  ],
  ['!(EXTRA_ELEMENT_HANDLING.tagCheck instanceof Function && EXTRA_ELEMENT_HANDLING.tagCheck(tagName)) && ', ''],
  [' || EXTRA_ELEMENT_HANDLING.attributeCheck instanceof Function && EXTRA_ELEMENT_HANDLING.attributeCheck(lcName, lcTag);', ';'],
  ['\t\tEXTRA_ELEMENT_HANDLING.tagCheck = null;\n\t\tEXTRA_ELEMENT_HANDLING.attributeCheck = null;\n', ''],
];
/** Definitions only those checks used, from their first line to the text that follows them. */
const DOMPURIFY_CUSTOM_ELEMENT_DEFINITIONS: ReadonlyArray<readonly [string, string]> = [
  ['\tconst EXTRA_ELEMENT_HANDLING = Object.seal(create(null, {\n', '}));\n'],
  ['\tconst RESERVED_CUSTOM_ELEMENT_NAMES = addToSet({}, [\n', ']);\n'],
  ['\tconst _isBasicCustomElement = function _isBasicCustomElement(tagName) {\n', '\n\t};\n'],
  ['\tconst _matchesNameCheck = function _matchesNameCheck(check, name) {\n', '\n\t};\n'],
];

/**
 * The script-tag bundle only: how DOMPurify reads {@link DOMPURIFY_UNREAD_OPTIONS} — custom-element rules, and tags,
 * attributes and content-forbidden tags added to the lists (as arrays or as functions) — which the markdown purifier
 * never sets, and the checks of custom elements and added names that read them (~0.25 kB gzip). Their absence means
 * what it always meant: no custom element is allowed, nothing is added. Fails the build if those lines read any
 * other option, or if anything else still uses what they set.
 */
export function dropDomPurifyUnsetOptionReads(code: string): Edit[] {
  const cuts = [
    [DOMPURIFY_CUSTOM_ELEMENTS_FROM, DOMPURIFY_CUSTOM_ELEMENTS_TO, DOMPURIFY_CUSTOM_ELEMENTS_TO.length],
    [DOMPURIFY_ADDITIONS_FROM, DOMPURIFY_ADDITIONS_TO, 0],
  ] as const;
  const edits: Edit[] = cuts.map(([from, to, keep]) => {
    const start = indexOnce(code, from, 'DOMPurify');
    const end = indexOnce(code, to, 'DOMPurify') + keep;
    const read = [...code.slice(start, end).matchAll(/\bcfg(?:\.(\w+)|, "(\w+)")/g)].map(match => match[1] ?? match[2]!);
    if (end < start || read.some(name => !DOMPURIFY_UNREAD_OPTIONS.includes(name))) {
      throw new Error(`sse-chat: DOMPurify reads ${read.join(', ')} where dropDomPurifyUnsetOptionReads cuts: update scripts/bundle-edits.ts`);
    }
    return { start, end, text: '' };
  });
  for (const [text, replacement] of DOMPURIFY_UNCONFIGURED_CHECKS) {
    const start = indexOnce(code, text, 'DOMPurify');
    edits.push({ start, end: start + text.length, text: replacement });
  }
  for (const [from, to] of DOMPURIFY_CUSTOM_ELEMENT_DEFINITIONS) {
    const start = indexOnce(code, from, 'DOMPurify');
    edits.push({ start, end: code.indexOf(to, start) + to.length, text: '' });
  }
  // Left: the declaration `let CUSTOM_ELEMENT_HANDLING = null;`, and comments.
  const left = applyEdits(code, edits).replace(/^\s*\*.*$/gm, '');
  const uses = (name: string) => left.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
  const stillUsed = Object.entries({ CUSTOM_ELEMENT_HANDLING: 1, EXTRA_ELEMENT_HANDLING: 0, RESERVED_CUSTOM_ELEMENT_NAMES: 0, _isBasicCustomElement: 0, _matchesNameCheck: 0 }).filter(([name, count]) => uses(name) !== count);
  if (stillUsed.length) throw new Error(`sse-chat: DOMPurify still uses ${stillUsed.map(([name]) => name).join(', ')} after dropDomPurifyUnsetOptionReads: update scripts/bundle-edits.ts`);
  return edits;
}

/**
 * List and object options the markdown purifier never sets, which DOMPurify reads on every config: for each, its
 * default is what it always gets.
 */
export const DOMPURIFY_DEFAULTED_OPTIONS = [
  'ALLOWED_NAMESPACES',
  'ADD_URI_SAFE_ATTR',
  'ADD_DATA_URI_TAGS',
  'FORBID_CONTENTS',
  'FORBID_TAGS',
  'FORBID_ATTR',
  'MATHML_TEXT_INTEGRATION_POINTS',
  'HTML_INTEGRATION_POINTS',
];

/**
 * The script-tag bundle only: DOMPurify's reads of {@link DOMPURIFY_DEFAULTED_OPTIONS} (`X = _resolveSetOption(cfg,
 * "OPTION", fallback, {…})`) become the fallback itself (`X = fallback`), which is what they return without the
 * option (~0.15 kB gzip). test/scripts/bundle-edits.test.ts checks that src/markdown/sanitize.ts sets none of them.
 * Fails the build if an option is read otherwise, or more than once.
 */
export function defaultDomPurifyUnsetOptions(code: string): Edit[] {
  return DOMPURIFY_DEFAULTED_OPTIONS.map(option => {
    const reads = [...code.matchAll(new RegExp(`^\\t\\t(\\w+) = _resolve(?:Set|Object)Option\\(cfg, "${option}", (\\w+(?:\\(null\\))?)(?:, \\{[^}]*\\})?\\);\\n`, 'gm'))];
    // The option named (quoted or as `cfg.OPTION`) only in that read.
    const named = code.match(new RegExp(`"${option}"|\\bcfg\\.${option}\\b`, 'g'))?.length ?? 0;
    const read = reads[0];
    if (!read || reads.length !== 1 || named !== 1) throw new Error(`sse-chat: DOMPurify reads ${option} differently: update defaultDomPurifyUnsetOptions in scripts/bundle-edits.ts`);
    return { start: read.index, end: read.index + read[0].length, text: `\t\t${read[1]} = ${read[2]};\n` };
  });
}

/** DOMPurify's module-level helpers that only wrap or lock their argument: `Object.seal`/`freeze` and its `unapply`. */
const DOMPURIFY_PURE_HELPERS = ['seal', 'freeze', 'unapply', 'unconstruct'];
const DOMPURIFY_PURE_CONSTANT = /^const [\w$]+ = (seal|freeze|unapply|unconstruct)\((?:\/|\[|addToSet\(\{\}, \[|[A-Z]\w*(?:\.prototype\.\w+)?\))/gm;

/**
 * The script-tag bundle: DOMPurify's module-level constants made by {@link DOMPURIFY_PURE_HELPERS} from a literal or a
 * built-in (`seal(/^data-…/)`, `unapply(Array.prototype.pop)`) are marked pure, so those the pinned options and the
 * cuts above left unused leave the bundle instead of staying as bare calls (a minifier cannot know `Object.seal` of a
 * fresh regular expression has no effect). Used ones are untouched, and so is text the edits in `removed` take out.
 */
export function markDomPurifyPureConstants(code: string, removed: readonly Edit[] = []): Edit[] {
  const helpers = DOMPURIFY_PURE_HELPERS.filter(name => new RegExp(`^(?:let ${name} = Object\\.${name};|function ${name}\\()`, 'm').test(code));
  const edits = [...code.matchAll(DOMPURIFY_PURE_CONSTANT)].map(match => {
    const at = match.index + match[0].indexOf(`= ${match[1]}(`) + 2;
    return { start: at, end: at, text: '/* @__PURE__ */ ' };
  });
  if (helpers.length !== DOMPURIFY_PURE_HELPERS.length || edits.length < 40) {
    throw new Error(`sse-chat: DOMPurify's helpers or constants changed (${helpers.join(', ')}; ${edits.length} constants): update markDomPurifyPureConstants in scripts/bundle-edits.ts`);
  }
  // Not inside what other edits (`removed`) take out.
  return edits.filter(edit => !removed.some(cut => edit.start >= cut.start && edit.start < cut.end));
}

function emptyDomPurifyLists(code: string, uses: Record<string, number>): Edit[] {
  return Object.entries(uses).map(([name, count]) => {
    const definition = `const ${name} = freeze([`;
    const start = indexOnce(code, definition, 'DOMPurify') + definition.length;
    const end = code.indexOf(']);', start);
    const named = code.match(new RegExp(`(?<![\\w$"'-])${name.replace('$', '\\$')}(?![\\w$"':-])`, 'g'))?.length ?? 0;
    if (end < 0 || named !== count + 1) throw new Error(`sse-chat: DOMPurify now names its "${name}" list ${named - 1} times, not ${count}: re-check its uses in scripts/bundle-edits.ts`);
    return { start, end, text: '' };
  });
}

/** What a lexer of the trimmed marked throws when asked for `pedantic`. */
export const MARKED_PEDANTIC_ERROR = "sse-chat's script-tag bundle leaves out marked's pedantic mode";
/** What a lexer of the trimmed marked throws when asked for `gfm: false`. */
export const MARKED_NO_GFM_ERROR = "sse-chat's script-tag bundle leaves out marked's non-GFM rules (gfm: false)";

/** Text between `from` (included) and the next `to` (excluded): [from, to]. */
const MARKED_CUTS: ReadonlyArray<readonly [string, string]> = [
  // Marked#parse / #parseInline and their error reporting.
  ['parseMarkdown(e){return(n,r)=>', '};var v=new ne;'],
];
const MARKED_REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  // The lexer's choice of rule sets: always the GFM ones (`breaks` or not); `pedantic` and `gfm: false` get an error.
  [
    'let t={other:O,block:ee.normal,inline:F.normal};this.options.pedantic?(t.block=ee.pedantic,t.inline=F.pedantic):this.options.gfm&&(t.block=ee.gfm,this.options.breaks?t.inline=F.breaks:t.inline=F.gfm),this.tokenizer.rules=t}',
    `if(this.options.pedantic)throw new Error(${JSON.stringify(MARKED_PEDANTIC_ERROR)});if(!this.options.gfm)throw new Error(${JSON.stringify(MARKED_NO_GFM_ERROR)});this.tokenizer.rules={other:O,block:ee.gfm,inline:this.options.breaks?F.breaks:F.gfm}}`,
  ],
  ['parse=this.parseMarkdown(!0);parseInline=this.parseMarkdown(!1);', ''],
  // The Marked instance is the chat's own (src/markdown/render.ts), and what a plugin's functions get as `this` is
  // never it (a lexer, a parser, the hooks): its aliases of the classes, `options` / `setOptions` and `lexer()`,
  // which nothing calls, go, and with `lexer()` the static `Lexer.lex` it called.
  ['options=this.setOptions;', ''],
  ['Parser=P;Renderer=I;TextRenderer=z;Lexer=w;Tokenizer=_;Hooks=A;', 'Lexer=w;'],
  ['setOptions(e){return this.defaults={...this.defaults,...e},this}lexer(e,t){return w.lex(e,t??this.defaults)}', ''],
  ['static lex(e,t){return new l(t).lex(e)}', ''],
  // Only parse() set a hooks object's `options` (to the call's, with `async`), so they stay marked's defaults, where
  // `async` is false: the asynchronous wrappers of a plugin's hooks can never run.
  ['if(s.options.async&&A.passThroughHooksRespectAsync.has(o))return(async()=>{let h=await a.call(s,u);return c.call(s,h)})();', ''],
  ['if(s.options.async)return(async()=>{let h=await a.apply(s,u);return h===!1&&(h=await c.apply(s,u)),h})();', ''],
  ['static passThroughHooksRespectAsync=new Set(["preprocess","postprocess","processAllTokens"]);', ''],
  // Only parse() read `defaults.walkTokens` (a plugin's `walkTokens`, chained): the chain it builds is never walked.
  ['if(n.walkTokens){let s=this.defaults.walkTokens,o=n.walkTokens;r.walkTokens=function(i){let a=[];return M(a,o.call(this,i)),s&&M(a,s.call(this,i)),a}}', ''],
];
/** Names that, after trimMarked, nothing may use any more: checked on the trimmed text. */
const MARKED_UNUSED_AFTER_TRIM = [/setOptions/, /w\.lex\(/, /passThroughHooksRespectAsync/, /\.options\.async/, /defaults\.walkTokens/, /\.hooks\.options/];
/** Where the default instance and the `marked()` function start; they run to the end of the exports. */
const MARKED_TAIL = 'var v=new ne;function x(l,e){return v.parse(l,e)}';
/** The exports left: the classes and the defaults. */
const MARKED_EXPORTS = 'export{A as Hooks,w as Lexer,ne as Marked,P as Parser,I as Renderer,z as TextRenderer,_ as Tokenizer,S as defaults,G as getDefaults};';

/**
 * marked's module carries what the chat never runs — its default instance and the `marked()` function family
 * (`parse`, `parseInline`, `setOptions`, … and their error reporting), the regular expressions of the `pedantic`
 * mode (markdown.pl's quirks) — ~1.1 kB gzip — and those of `gfm: false` (plain CommonMark; 0.2 kB gzip); the other rules ship as finished literals ({@link precomputeMarkedRules}). The chat uses only `new Marked()`, its `use()`, `Lexer` and `parser`
 * (src/markdown/render.ts). A plugin (`SseChat.use`) whose extension asks for `pedantic` or `gfm: false` gets a clear
 * error instead, so the tokenizer's own checks of them read false and true; `breaks` stays whole. Written against marked 18.2.1's minified names.
 */
export function trimMarked(code: string): Edit[] {
  // The rules, as literals, without the pedantic ones; the members only the parse family used.
  const edits: Edit[] = [...precomputeMarkedRules(code), ...dropMarkedParseOnlyMembers(code)];
  for (const [from, to] of MARKED_CUTS) {
    const start = indexOnce(code, from, 'marked');
    const end = code.indexOf(to, start + 1);
    if (end < 0) throw new Error(`sse-chat: marked's text changed ("${to}" after "${from}"): update scripts/bundle-edits.ts`);
    edits.push({ start, end, text: '' });
  }
  for (const [from, to] of MARKED_REPLACEMENTS) {
    const start = indexOnce(code, from, 'marked');
    edits.push({ start, end: start + from.length, text: to });
  }
  const start = indexOnce(code, MARKED_TAIL, 'marked');
  const exportsAt = code.indexOf('export{', start);
  const end = code.indexOf('};', exportsAt) + 2;
  if (exportsAt < 0 || end < 2) throw new Error("sse-chat: marked's exports moved: update scripts/bundle-edits.ts");
  edits.push({ start, end, text: MARKED_EXPORTS });
  const trimmed = applyEdits(code, edits);
  const stillUsed = MARKED_UNUSED_AFTER_TRIM.filter(pattern => pattern.test(trimmed));
  if (stillUsed.length) throw new Error(`sse-chat: the trimmed marked still uses ${stillUsed.join(', ')}: update trimMarked in scripts/bundle-edits.ts`);
  // With `pedantic` and `gfm: false` refused by the lexer, every other check of them reads the same: the minifier
  // folds the branches. (`gfm` is read twice more: task list items, and paragraphs continuing across a table.)
  for (const [option, value, least] of [['pedantic', '!1', 15], ['gfm', '!0', 2]] as const) {
    const checks = [...code.matchAll(new RegExp(`this\\.options\\.${option}\\b`, 'g'))].filter(check => !edits.some(edit => check.index >= edit.start && check.index < edit.end));
    if (checks.length < least || (option === 'gfm' && checks.length !== least)) throw new Error(`sse-chat: marked checks \`${option}\` ${checks.length} times: update trimMarked in scripts/bundle-edits.ts`);
    for (const check of checks) edits.push({ start: check.index, end: check.index + check[0].length, text: value });
  }
  return edits;
}

/** `code` with `edits` applied (for tests; the build applies them to a magic string, for the source map). */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  let result = '';
  let at = 0;
  for (const { start, end, text } of [...edits].sort((a, b) => a.start - b.start)) {
    if (start < at) throw new Error('overlapping edits');
    result += code.slice(at, start) + text;
    at = end;
  }
  return result + code.slice(at);
}

/**
 * marked builds its block and inline rules (~40 regular expressions pieced together with `String#replace`, and ~100 literals) when its
 * module is evaluated: ~5 ms of a phone's main thread before the chat can paint, for an empty chat that lexes
 * nothing. Run after trimMarked, this wraps the module's body in a function that runs when the first `Marked` is
 * made (src/markdown/render.ts makes it for the first answer); `Marked` is the one export left, and `new Marked()`
 * returns the real instance (a constructor returning an object).
 */
export function deferMarked(code: string): Edit[] {
  const exportsAt = indexOnce(code, MARKED_EXPORTS, 'trimmed marked');
  return [
    { start: 0, end: 0, text: 'let markedClass;function Marked(...args){markedClass??=(()=>{' },
    { start: exportsAt, end: exportsAt + MARKED_EXPORTS.length, text: 'return ne})();return new markedClass(...args)}export{Marked};' },
  ];
}

/** Where marked's rules statement starts (its lookbehind probe), and how it ends (the rule sets, pedantic included). */
const MARKED_RULES_FROM = 'var _e=((l="")=>{try{return!!new RegExp("(?<=1)(?<!1)"+l)}catch{return!1}})(),O={';
const MARKED_RULES_TO = 'ee={normal:fe,gfm:tt,pedantic:nt},F={normal:me,gfm:pe,breaks:qt,pedantic:Dt};';
/** The statement's declarations that hold the rule sets the lexer reads. */
const MARKED_RULE_SETS = ['ee', 'F'];
/** The rule sets left out of both: `pedantic`, and `normal` (the rules without GFM); see trimMarked. */
const DROPPED_RULE_SETS: readonly string[] = ['pedantic', 'normal'];

/**
 * Splits minified `text` (`a=…,b=…` of a `var`, or `a:…,b:…` inside an object literal's braces) at its top-level
 * commas. Knows strings, template literals, regular expression literals and brackets; enough for esbuild's output,
 * and {@link precomputeMarkedRules} checks the result by evaluating it.
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  const templateDepths: number[] = [];
  const skipQuoted = (quote: string) => {
    for (i++; i < text.length && text[i] !== quote; i++) if (text[i] === '\\') i++;
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' || char === "'") skipQuoted(char);
    else if (char === '`' || (char === '}' && templateDepths.at(-1) === depth)) {
      if (char === '}') templateDepths.pop();
      // Inside a template literal: to its end, or into a `${`.
      for (i++; i < text.length && text[i] !== '`'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '$' && text[i + 1] === '{') {
          templateDepths.push(depth);
          i++;
          break;
        }
      }
    } else if (char === '/' && /[=(,:[!&|?{};]/.test(text.slice(0, i).trimEnd().at(-1) ?? ';')) {
      let inClass = false;
      for (i++; i < text.length && (inClass || text[i] !== '/'); i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
      }
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(text.slice(start));
  return parts;
}

/** The `[name, initializer]` pairs of a minified `var a=…,b=…;` (without `var ` and the `;`). */
function splitDeclarations(text: string): Array<[string, string]> {
  return splitTopLevel(text).map(part => {
    const match = /^([\w$]+)=([\s\S]*)$/.exec(part);
    if (!match) throw new Error(`sse-chat: marked's rules statement has a declaration that is not \`name=value\` ("${part.slice(0, 40)}"): update scripts/bundle-edits.ts`);
    return [match[1]!, match[2]!];
  });
}

/**
 * Entries of marked's `other` rules (the helper expressions its tokenizer reads as `this.rules.other.…`) that nothing
 * reads in the bundle, with where marked's text may still name them: nowhere; only in the `edit()` helper that
 * builds the rules, which the literals replace (`before`); or only in a `pedantic` branch, which trimMarked turns off.
 */
const MARKED_UNREAD_OTHER_RULES: Readonly<Record<string, 'nowhere' | 'before' | 'pedantic'>> = {
  outputLinkReplace: 'nowhere',
  caret: 'before',
  spaceLine: 'pedantic',
  listReplaceNesting: 'pedantic',
  pedanticHrefTitle: 'pedantic',
  pedanticHeadingBeginRegex: 'pedantic',
};

/**
 * The initializer of marked's `other` rules object without {@link MARKED_UNREAD_OTHER_RULES}; throws if marked's
 * text reads one anywhere else (`start`, `end`: the rules statement).
 */
function dropUnreadOtherRules(code: string, initializer: string, start: number, end: number): string {
  if (!initializer.startsWith('{') || !initializer.endsWith('}')) throw new Error("sse-chat: marked's other rules are not an object literal: update scripts/bundle-edits.ts");
  const entries = splitTopLevel(initializer.slice(1, -1));
  const kept = entries.filter(entry => !Object.hasOwn(MARKED_UNREAD_OTHER_RULES, /^(\w+):/.exec(entry)?.[1] ?? ''));
  const misplaced = Object.entries(MARKED_UNREAD_OTHER_RULES).filter(([key, where]) => {
    const reads = [...code.matchAll(new RegExp(`\\.${key}\\b`, 'g'))].map(read => read.index).filter(at => at < start || at >= end);
    return reads.some(at => where === 'nowhere' || (where === 'before' && at >= start) || (where === 'pedantic' && !code.slice(at - 100, at).includes('this.options.pedantic')));
  });
  if (misplaced.length || kept.length !== entries.length - Object.keys(MARKED_UNREAD_OTHER_RULES).length) {
    throw new Error(`sse-chat: marked reads its other rules differently (${misplaced.map(([key]) => key).join(', ') || 'entries'}): update MARKED_UNREAD_OTHER_RULES in scripts/bundle-edits.ts`);
  }
  return `{${kept.join(',')}}`;
}

/** A regular expression as a literal (`source` is always literal-safe: it escapes `/` and line breaks). */
const regExpLiteral = (regExp: RegExp) => `/${regExp.source}/${regExp.flags}`;

/**
 * marked pieces its ~90 block and inline rules together when it starts (`edit(/…label…/).replace("label", …)
 * .getRegex()`, ~40 regular expressions built from ~100 fragments): the code that does it, and the fragments, weigh
 * more than the finished expressions. This evaluates that one statement of marked's module at build time and writes
 * each declaration's value as a literal instead: regular expressions as they came out, strings, and the rule sets as
 * objects that name the same expressions the original shares between them (so `gfm` and `breaks` hold one `code`
 * rule, as before). Functions keep their text. `pedantic` and `normal` leave the rule sets (see trimMarked). The lookbehind probe
 * becomes `true`: the rules built with it are written as built here, and the bundle's own regular expressions use
 * lookbehind already, so no browser that runs the bundle lacks it. Throws if the statement moved, or if evaluating
 * the rewritten statement gives other expressions than the original.
 */
export function precomputeMarkedRules(code: string): Edit[] {
  const start = indexOnce(code, MARKED_RULES_FROM, 'marked');
  const end = indexOnce(code, MARKED_RULES_TO, 'marked') + MARKED_RULES_TO.length;
  const declarations = splitDeclarations(code.slice(start + 'var '.length, end - 1));
  const names = declarations.map(([name]) => name);
  // What runs before the statement: the option defaults and the helpers (`edit`, the memo), nothing with effects.
  const noop = /var ([\w$]+)=\{exec:\(\)=>null\};/.exec(code.slice(0, start));
  if (!noop) throw new Error("sse-chat: marked's never-matching rule moved: update precomputeMarkedRules in scripts/bundle-edits.ts");
  const evaluate = (statement: string): Record<string, unknown> =>
    new Function(`"use strict";${code.slice(0, start)}${statement};return{${[noop[1], ...names].join(',')}}`)() as Record<string, unknown>;
  const values = evaluate(code.slice(start, end));
  // The declaration the lexer hands its tokenizer as `other` (`{other:O,block:…}`).
  const otherName = /\{other:([\w$]+),block:/.exec(code)?.[1];
  if (!otherName || !names.includes(otherName)) throw new Error("sse-chat: marked's lexer no longer names its other rules: update precomputeMarkedRules in scripts/bundle-edits.ts");
  // Each value that a declaration (or a rule set's key, `ee.normal`) holds, by the expression to name it with.
  const named = new Map<unknown, string>([[values[noop[1]!], noop[1]!]]);
  const written = declarations.map(([name, initializer]) => {
    const value = values[name];
    let text: string;
    if (value instanceof RegExp) text = regExpLiteral(value);
    else if (typeof value === 'string' || typeof value === 'boolean') text = JSON.stringify(value);
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(v => v instanceof RegExp || named.has(v))) {
      const keep = Object.keys(value).filter(key => !(MARKED_RULE_SETS.includes(name) && DROPPED_RULE_SETS.includes(key)));
      text = `{${keep
        .map(key => {
          const v = (value as Record<string, unknown>)[key];
          const ref = named.get(v) ?? regExpLiteral(v as RegExp);
          if (!named.has(v)) named.set(v, `${name}.${key}`);
          return `${key}:${ref}`;
        })
        .join(',')}}`;
    } else text = name === otherName ? dropUnreadOtherRules(code, initializer, start, end) : initializer;
    if (!named.has(value) && typeof value === 'object' && value !== null) named.set(value, name);
    return [name, text] as const;
  });
  const statement = `var ${written.map(([name, text]) => `${name}=${text}`).join(',')};`;
  // The check: the same expressions, shared the same way, in every declaration but the ones written as text.
  const after = evaluate(statement);
  const sameShape = (a: unknown, b: unknown, seen: Map<unknown, unknown>): boolean => {
    if (seen.has(a)) return seen.get(a) === b;
    seen.set(a, b);
    if (a instanceof RegExp) return b instanceof RegExp && a.source === b.source && a.flags === b.flags;
    if (typeof a !== 'object' || a === null) return typeof a === 'function' ? typeof b === 'function' : a === b;
    // `pedantic` and `normal` are the keys that go from the rule sets, and the unread ones from the other rules.
    const dropped = a === values[otherName] ? Object.keys(MARKED_UNREAD_OTHER_RULES) : DROPPED_RULE_SETS;
    const keys = Object.keys(a).filter(key => !dropped.includes(key));
    return typeof b === 'object' && b !== null && keys.join() === Object.keys(b).join() && keys.every(key => sameShape((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen));
  };
  const seen = new Map<unknown, unknown>();
  const changed = names.filter(name => !sameShape(values[name], after[name], seen));
  const ruleSets = MARKED_RULE_SETS.map(name => Object.keys(after[name] as object).join());
  if (changed.length || ruleSets.join(';') !== 'gfm;gfm,breaks') {
    throw new Error(`sse-chat: marked's rules written as literals differ from the ones it builds (${changed.join(', ') || ruleSets.join(';')}): update precomputeMarkedRules in scripts/bundle-edits.ts`);
  }
  return [{ start, end, text: statement }];
}

/** marked's members that only its cut `parse()` family calls: [text, what stays]. */
const MARKED_PARSE_ONLY_MEMBERS: ReadonlyArray<readonly [string, string]> = [
  // Lexer.lex stays (Marked#lexer calls it); lexInline served provideLexer alone.
  ['static lexInline(e,t){return new l(t).inlineTokens(e)}', ''],
  ['static parseInline(e,t){return new l(t).parseInline(e)}', ''],
  // Hooks a plugin may still override (`use()` checks the name), which nothing calls any more.
  ['provideLexer(e=this.block){return e?w.lex:w.lexInline}provideParser(e=this.block){return e?P.parse:P.parseInline}', 'provideLexer(){}provideParser(){}'],
];

/**
 * Run with trimMarked: what only marked's `parse()` family used, which trimMarked cuts — the hooks that pick its
 * lexer and parser functions (kept as empty methods, so a plugin overriding them is accepted as before) and the static
 * `Lexer.lexInline` / `Parser.parseInline` they named. Fails the build if one is used anywhere else.
 */
export function dropMarkedParseOnlyMembers(code: string): Edit[] {
  const edits = MARKED_PARSE_ONLY_MEMBERS.map(([text, replacement]) => {
    const start = indexOnce(code, text, 'marked');
    return { start, end: start + text.length, text: replacement };
  });
  // Besides that text, only the parse family (trimMarked cuts it) names the two statics.
  const parseFamily = { start: indexOnce(code, 'parseMarkdown(e){', 'marked'), end: indexOnce(code, '};var v=new ne;', 'marked'), text: '' };
  if (/\b[wP]\.(?:lexInline|parseInline)\b/.test(applyEdits(code, [...edits, parseFamily]))) {
    throw new Error('sse-chat: marked uses Lexer.lexInline or Parser.parseInline beyond its parse() family: update scripts/bundle-edits.ts');
  }
  return edits;
}

/** DOMPurify's errors for what the markdown purifier cannot run into, each with the one line the bundle ships instead. */
const DOMPURIFY_LONG_ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['"TRUSTED_TYPES_POLICY configuration option must provide a \\"createHTML\\" hook."', '"TRUSTED_TYPES_POLICY lacks createHTML"'],
  ['"TRUSTED_TYPES_POLICY configuration option must provide a \\"createScriptURL\\" hook."', '"TRUSTED_TYPES_POLICY lacks createScriptURL"'],
  ['"a node selected for removal could not be detached from its tree and cannot be safely returned; refusing to sanitize in place"', '"a node to remove could not be detached"'],
];

/**
 * The script-tag bundle only: DOMPurify's paragraphs for a policy without its hooks (src/markdown/sanitize.ts always
 * passes the shared policy, or null) and for a node its own parsed document would not let go of (~70 B gzip).
 * The checks stay, with one line each.
 */
export function shortenDomPurifyErrors(code: string): Edit[] {
  return DOMPURIFY_LONG_ERRORS.map(([text, replacement]) => {
    const start = indexOnce(code, text, 'DOMPurify');
    return { start, end: start + text.length, text: replacement };
  });
}

/** Lit's two `css` error messages (for a page misusing `css`), each with the short one the bundle ships. */
const LIT_CSS_ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['"CSSResult is not constructable. Use `unsafeCSS` or `css` instead."', '"CSSResult is not constructable"'],
  [`"Value passed to 'css' function must be a 'css' function result: "`, '"Not a css result: "'],
  [`". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security."`, '""'],
];

/**
 * The script-tag bundle only: Lit's `css` tag and `CSSResult` throw paragraphs that explain misuse to a developer
 * (~0.1 kB gzip). The bundle exports neither; its own styles are static `css` literals, so neither message can show.
 * The checks stay, with one line each.
 */
export function shortenLitCssErrors(code: string): Edit[] {
  return LIT_CSS_ERRORS.map(([text, replacement]) => {
    const start = indexOnce(code, text, 'Lit');
    return { start, end: start + text.length, text: replacement };
  });
}

/** Lit's directive errors (for a template misusing `live` or `repeat`), per directive module, each with the short one the bundle ships. */
export const LIT_DIRECTIVE_ERRORS: Readonly<Record<'live' | 'repeat', ReadonlyArray<readonly [string, string]>>> = {
  live: [
    ['"The `live` directive is not allowed on child or event bindings"', '"live() in a child or event binding"'],
    ['"`live` bindings can only contain a single expression"', '"live() beside other text"'],
  ],
  repeat: [['"repeat() can only be used in text expressions"', '"repeat() outside a child binding"']],
};

/**
 * The script-tag bundle only: the sentences Lit's `live` and `repeat` directives throw at a template that misuses
 * them (~60 B gzip). The bundle's templates use them as Lit asks, so neither message can show; the checks stay, with
 * shorter messages. `directive` names the module the edits are for.
 */
export function shortenLitDirectiveErrors(directive: keyof typeof LIT_DIRECTIVE_ERRORS): (code: string) => Edit[] {
  return code =>
    LIT_DIRECTIVE_ERRORS[directive].map(([text, replacement]) => {
      const start = indexOnce(code, text, `Lit's ${directive}`);
      return { start, end: start + text.length, text: replacement };
    });
}
