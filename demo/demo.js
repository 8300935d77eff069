// The demo page's wiring: every control sets one attribute or property of the element, the way a page would.

const chat = /** @type {any} */ (document.getElementById('chat'));
const control = id => /** @type {HTMLSelectElement} */ (document.getElementById(id));
const routeHelp = /** @type {HTMLElement} */ (document.getElementById('route-help'));
const faultHelp = /** @type {HTMLElement} */ (document.getElementById('fault-help'));
const lengthHelp = /** @type {HTMLElement} */ (document.getElementById('length-help'));
/** @type {Map<string, any>} */
const routes = new Map();

/**
 * A request builder for the seed backends, whose bodies are their own: the route's example with the question put
 * in. Vendor dialects build their API's body themselves, history included.
 */
function bodyBuilderFor(route) {
  if (route.dialect !== 'json' || !route.questionPath || !route.exampleBody) return undefined;
  return ctx => {
    const body = structuredClone(route.exampleBody);
    const path = route.questionPath;
    let node = body;
    for (const key of path.slice(0, -1)) node = node[key];
    if (path.length > 0) node[path.at(-1)] = ctx.text;
    return body;
  };
}

/** Endpoint, request body and dialect follow the backend, dialect, fault and answer length pickers. */
function applyBackend() {
  const route = routes.get(control('route').value) ?? { path: '/api/chat', dialect: 'sse-chat' };
  const fault = control('fault');
  const option = fault.selectedOptions[0];
  // Only the house route streams long answers (`?long=`); the picker is off for the others.
  const length = control('length');
  const house = route.path === '/api/chat';
  length.disabled = !house;
  const long = house ? length.value : '';
  const query = [fault.value && `fault=${fault.value}`, long].filter(Boolean).join('&');
  chat.endpoint = query ? `${route.path}?${query}` : route.path;
  // `auto` (the default) detects each backend's format. A vendor API also needs its own request body, which the
  // element builds when `dialect` names that API — as a page pointing at OpenAI or Anthropic would set it.
  const vendor = route.dialect !== 'json' && route.dialect !== 'sse-chat';
  chat.dialect = control('dialect').value === 'auto' && vendor ? route.dialect : control('dialect').value;
  chat.buildBody = bodyBuilderFor(route);
  if (typeof route.exampleBody?.model === 'string') chat.model = route.exampleBody.model;
  chat.idleTimeout = Number(option?.dataset.idleTimeout ?? 60000);
  routeHelp.textContent = route.description ?? `${route.name ?? 'Ask the docs'} — wire format: ${route.dialect}`;
  faultHelp.hidden = !fault.value;
  faultHelp.textContent = fault.value ? `Fault injected by the demo server: ?fault=${fault.value.replaceAll('&fault=', ', ')}` : '';
  lengthHelp.hidden = !long && (house || !length.value);
  lengthHelp.textContent = long
    ? `Any question gets the benchmark's generated markdown answer (?${long}): headings, lists, code, tables and links` +
      ' streamed token by token — nothing should flash, jump or flicker.'
    : 'Long answers stream from the "Ask the docs" backend (/api/chat) only.';
}

async function loadRoutes() {
  const response = await fetch('/api/routes');
  if (!response.ok) return;
  const picker = control('route');
  const dialects = control('dialect');
  picker.replaceChildren();
  for (const route of await response.json()) {
    routes.set(route.path, route);
    picker.append(new Option(`${route.name} — ${route.path}`, route.path));
    if (![...dialects.options].some(option => option.value === route.dialect)) {
      dialects.append(new Option(route.dialect, route.dialect));
    }
  }
  applyBackend();
}

// On a phone the settings would fill the screen: they start closed there, one tap away.
if (matchMedia('(max-width: 40rem)').matches) /** @type {HTMLDetailsElement} */ (document.getElementById('settings')).open = false;

for (const id of ['route', 'dialect', 'fault', 'length']) control(id).addEventListener('change', applyBackend);
control('theme').addEventListener('change', () => (chat.theme = control('theme').value));
control('layout').addEventListener('change', () => chat.setAttribute('layout', control('layout').value));
control('dir').addEventListener('change', () => (document.documentElement.dir = control('dir').value));

chat.addEventListener('click', event => {
  const button = /** @type {HTMLElement} */ (event.target).closest?.('.suggestions button');
  if (button) chat.send(button.textContent?.trim() ?? '');
});

loadRoutes().catch(() => {
  routeHelp.textContent = 'Could not load the list of backends; the default one still works.';
});
