// Custom Elements Manifest for the public element only. `npm run manifest` (scripts/manifest.mjs) drives the
// analyzer's programmatic `create()` with this config; `npx cem analyze` reads the same file and writes the same
// manifest. Everything in the manifest comes from the JSDoc and code of the files below; the plugins only fix what
// the analyzer cannot know on its own (see each one).
import { readFileSync } from 'node:fs';

/** The files whose public API the package documents: the element, its define module and its event classes. */
const files = ['src/sse-chat.ts', 'src/define.ts', 'src/events/dom-events.ts'];

export default {
  globs: files,
  litelement: true,
  // The analyzer's CLI rewrites package.json's `customElements` by default; ours is written by hand.
  packagejson: false,
  outdir: '.',
  plugins: [definePlugin(), importedDefaultsPlugin(), publicApiOnlyPlugin(), eventDetailPlugin(), reexportPlugin(), distPathsPlugin()],
};

/**
 * Tag names from `SomeElement.define()` calls. The element registers itself through its own static `define(tag =
 * 'sse-chat')` (so a page can pick another tag), which the analyzer does not recognise as a
 * `customElements.define()`: this plugin reads the tag from the call's argument, or from the `define` method's
 * default, and records it as the class's `tagName` and a `custom-element-definition` export of the calling module.
 */
export function definePlugin() {
  const calls = [];
  return {
    name: 'sse-chat:define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const { expression: target, name } = node.expression;
      if (name.text !== 'define' || !ts.isIdentifier(target)) return;
      const [tagArgument] = node.arguments;
      if (tagArgument && !ts.isStringLiteral(tagArgument)) return;
      calls.push({ className: target.text, tag: tagArgument?.text, modulePath: moduleDoc.path });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const call of calls) {
        const found = findClass(customElementsManifest, call.className);
        if (!found?.declaration.customElement) continue;
        const define = found.declaration.members?.find(member => member.static && member.name === 'define');
        const tag = call.tag ?? unquote(define?.parameters?.find(parameter => parameter.name === 'tag')?.default);
        if (!tag) continue;
        found.declaration.tagName = tag;
        const callingModule = customElementsManifest.modules.find(module => module.path === call.modulePath);
        callingModule.exports ??= [];
        callingModule.exports.push({
          kind: 'custom-element-definition',
          name: tag,
          declaration: { name: call.className, module: found.module.path },
        });
      }
    },
  };
}

/**
 * Defaults written as imported constants (`this.idleTimeout = DEFAULT_IDLE_TIMEOUT`, kept once where the transport
 * uses it) documented as their values: the analyzer records the constant's name, which tells a page nothing. The
 * value is the constant's initializer in the module it is imported from (`export const NAME = 60_000;`).
 */
export function importedDefaultsPlugin() {
  /** Imported name → the repository-relative path of its module (`src/transport/transport.ts`). */
  const imported = new Map();
  return {
    name: 'sse-chat:imported-defaults',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isImportDeclaration(node) || !node.importClause?.namedBindings || !ts.isNamedImports(node.importClause.namedBindings)) return;
      const from = new URL(node.moduleSpecifier.text.replace(/\.js$/, '.ts'), new URL(moduleDoc.path, 'file:///')).pathname.slice(1);
      for (const element of node.importClause.namedBindings.elements) imported.set(element.name.text, from);
    },
    packageLinkPhase({ customElementsManifest }) {
      const valueOf = name => {
        const path = imported.get(name);
        if (!path) return undefined;
        const source = readFileSync(new URL(path, new URL('./', import.meta.url)), 'utf8');
        return new RegExp(`^export const ${name}\\s*=\\s*([^;]+);`, 'm').exec(source)?.[1].trim();
      };
      for (const { declaration } of classes(customElementsManifest)) {
        for (const entry of [...(declaration.members ?? []), ...(declaration.attributes ?? [])]) {
          const value = entry.default && valueOf(entry.default);
          if (value) entry.default = value;
        }
      }
    },
  };
}

/**
 * Only what a page may use. Drops private and protected members (render helpers are implementation, not API) and
 * the attributes the Lit plugin invents for them: it gives every `static properties` entry an attribute, even
 * internal `state: true` ones such as `draft`.
 */
export function publicApiOnlyPlugin() {
  const isPublic = member => !member.privacy || member.privacy === 'public';
  return {
    name: 'sse-chat:public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const { declaration } of classes(customElementsManifest)) {
        if (!declaration.members) continue;
        const hidden = new Set(declaration.members.filter(member => !isPublic(member)).map(member => member.name));
        declaration.members = declaration.members.filter(member => isPublic(member));
        if (declaration.attributes) {
          declaration.attributes = declaration.attributes.filter(attribute => !hidden.has(attribute.fieldName));
        }
      }
    },
  };
}

/**
 * The `detail` type of each event. The schema's `type` names the event class (`SseChatDoneEvent`); what a listener
 * reads is the class's `CustomEvent<Detail>` argument, so this plugin resolves it from the event classes' module
 * and adds `detail: { text: '{ message: ChatMessage }' }` (an extra field the schema allows) plus a reference from
 * the event's type to its class. It also marks the classes' `CustomEvent` superclass as the global it is.
 */
export function eventDetailPlugin() {
  /** Event class name → { detailName, modulePath }. */
  const eventClasses = new Map();
  /** Interface name → its members written as a TypeScript object type. */
  const interfaces = new Map();
  return {
    name: 'sse-chat:event-detail',
    analyzePhase({ ts, node, moduleDoc }) {
      if (ts.isClassDeclaration(node) && node.name) {
        const heritage = node.heritageClauses?.find(clause => clause.token === ts.SyntaxKind.ExtendsKeyword);
        const base = heritage?.types[0];
        if (base?.expression.getText() === 'CustomEvent' && base.typeArguments?.length === 1) {
          eventClasses.set(node.name.text, { detailName: base.typeArguments[0].getText(), modulePath: moduleDoc.path });
        }
      }
      if (ts.isInterfaceDeclaration(node)) {
        const fields = node.members
          .filter(member => ts.isPropertySignature(member) && member.type)
          .map(member => `${member.name.getText()}${member.questionToken ? '?' : ''}: ${member.type.getText()}`);
        interfaces.set(node.name.text, `{ ${fields.join('; ')} }`);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const { declaration } of classes(customElementsManifest)) {
        // `CustomEvent` is not imported, so the analyzer takes it for a local class; the schema spells globals so.
        if (eventClasses.has(declaration.name)) declaration.superclass = { name: 'CustomEvent', package: 'global:' };
        // A `dispatchEvent(new SseChat…Event())` in the element is recorded as a second, nameless entry beside the
        // documented `@event`: the JSDoc entry is the contract.
        if (declaration.events) declaration.events = declaration.events.filter(event => event.name);
        for (const event of declaration.events ?? []) {
          const eventClass = eventClasses.get(event.type?.text);
          if (!eventClass) continue;
          event.type.references = [{ name: event.type.text, module: eventClass.modulePath, start: 0, end: event.type.text.length }];
          const shape = interfaces.get(eventClass.detailName);
          event.detail = { text: shape ?? eventClass.detailName };
        }
      }
    },
  };
}

/**
 * Re-exports pointing at their declaring module. `export { SseChat }` after an import is recorded as declared in the
 * re-exporting module; when that module declares no such thing and exactly one analyzed module does, point there.
 */
export function reexportPlugin() {
  return {
    name: 'sse-chat:re-exports',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports ?? []) {
          const { declaration } = entry;
          if (entry.kind !== 'js' || declaration.module !== module.path) continue;
          if (module.declarations?.some(local => local.name === declaration.name)) continue;
          const owners = customElementsManifest.modules.filter(other =>
            other.declarations?.some(candidate => candidate.name === declaration.name),
          );
          if (owners.length === 1) declaration.module = owners[0].path;
        }
      }
    },
  };
}

/**
 * Module paths as the package ships them. The analyzer reads `src/*.ts`; a consumer imports `dist/esm/*.js`, so
 * every module path and reference points there, the way the analyzer documentation's file-extension plugins do.
 */
export function distPathsPlugin() {
  const toDist = path => path.replace(/^src\/(.*)\.ts$/, 'dist/esm/$1.js');
  const rewrite = value => {
    if (Array.isArray(value)) return value.forEach(rewrite);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'module' || key === 'path') && typeof child === 'string') value[key] = toDist(child);
      else rewrite(child);
    }
  };
  return {
    name: 'sse-chat:dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      rewrite(customElementsManifest.modules);
    },
  };
}

function* classes(manifest) {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.kind === 'class') yield { module, declaration };
    }
  }
}

function findClass(manifest, name) {
  for (const found of classes(manifest)) if (found.declaration.name === name) return found;
  return undefined;
}

function unquote(text) {
  const match = /^(['"`])(.*)\1$/.exec(text ?? '');
  return match ? match[2] : undefined;
}
