// The demo page's wiring: a backend picker fed by GET /api/routes, and suggested questions.

const chat = /** @type {any} */ (document.getElementById('chat'));
const picker = /** @type {HTMLSelectElement} */ (document.getElementById('route'));
const help = /** @type {HTMLElement} */ (document.getElementById('route-help'));
/** @type {Map<string, any>} */
const routes = new Map();

/**
 * A request builder for the seed backends (dialect `json`), whose bodies are their own: the route's example with
 * the question put in. Vendor dialects build their API's body themselves, history included.
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

function useRoute(path) {
  const route = routes.get(path);
  if (!route) return;
  // A path template such as /chat/{session_id}/stream gets this page's session id.
  chat.endpoint = route.path.replace(/\{[^/}]+\}/g, 'demo');
  chat.dialect = route.dialect;
  if (typeof route.exampleBody?.model === 'string') chat.model = route.exampleBody.model;
  chat.buildBody = bodyBuilderFor(route);
  help.textContent = route.description ?? `${route.name} — dialect: ${route.dialect}`;
}

async function loadRoutes() {
  const response = await fetch('/api/routes');
  if (!response.ok) return;
  picker.replaceChildren();
  for (const route of await response.json()) {
    routes.set(route.path, route);
    picker.append(new Option(`${route.name} — ${route.path}`, route.path));
  }
  useRoute(picker.value);
}

picker.addEventListener('change', () => useRoute(picker.value));

document.querySelector('.suggestions')?.addEventListener('click', event => {
  const button = /** @type {HTMLElement} */ (event.target).closest('button');
  if (!button) return;
  const text = button.textContent?.trim() ?? '';
  if (typeof chat.send === 'function') chat.send(text);
});

loadRoutes().catch(() => {
  help.textContent = 'Could not load the list of backends; the default one still works.';
});
