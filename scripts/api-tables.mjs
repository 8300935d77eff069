// `npm run api-tables`: writes the README's API tables, between `<!-- api:start -->` and `<!-- api:end -->`, from
// custom-elements.json (so from the element's JSDoc, via `npm run manifest`).
// `node scripts/api-tables.mjs --check`: fails, writing nothing, when the README's tables are not what the manifest says.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const README_FILE = fileURLToPath(new URL('README.md', root));
const MANIFEST_FILE = fileURLToPath(new URL('custom-elements.json', root));

/** The markers the tables are written between; everything between them belongs to this script. */
export const START_MARKER = '<!-- api:start -->';
export const END_MARKER = '<!-- api:end -->';

/**
 * The API tables of the manifest's custom element(s), as Markdown: attributes, properties, methods, events, slots,
 * parts and CSS custom properties. Sections with nothing in them are left out.
 * @param {import('custom-elements-manifest/schema').Package} manifest
 * @returns {string}
 */
export function renderApiTables(manifest) {
  const elements = manifest.modules.flatMap(module =>
    (module.declarations ?? []).filter(declaration => declaration.customElement && declaration.tagName),
  );
  if (elements.length === 0) throw new Error('The manifest has no custom element with a tag name.');
  return elements.map(element => renderElement(element, elements.length > 1)).join('\n');
}

/**
 * `readme` with the text between the API markers replaced by `tables`.
 * @param {string} readme
 * @param {string} tables
 * @returns {string}
 */
export function replaceApiSection(readme, tables) {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs ${START_MARKER} followed by ${END_MARKER} where the API tables go.`);
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${tables.trim()}\n\n${readme.slice(end)}`;
}

function renderElement(element, withHeading) {
  const members = element.members ?? [];
  const fields = members.filter(member => member.kind === 'field' && !member.static);
  const methods = members.filter(member => member.kind === 'method');
  const reflected = new Set(fields.filter(field => field.reflects).map(field => field.name));
  const level = withHeading ? '####' : '###';
  const sections = [
    withHeading ? `### \`<${element.tagName}>\`\n\n${element.summary ?? ''}`.trim() : '',
    // The class description holds what applies to the element as a whole (how events travel, the status attribute).
    element.description?.trim() ?? '',
    section(`${level} Attributes`, ['Attribute', 'Property', 'Type', 'Default', 'Description'], element.attributes, attribute => [
      code(attribute.name),
      attribute.fieldName ? code(attribute.fieldName) + (reflected.has(attribute.fieldName) ? ' (reflected)' : '') : '',
      code(attribute.type?.text),
      code(attribute.default),
      attribute.description,
    ]),
    // Every attribute is also a property (listed above with it); this table holds the JavaScript-only ones.
    section(`${level} Properties`, ['Property', 'Type', 'Default', 'Description'], fields.filter(field => !field.attribute), field => [
      code(field.name) + (field.readonly ? ' (read-only)' : ''),
      code(field.type?.text),
      code(field.default),
      field.description,
    ], 'Each attribute above is also a property (the Property column). These are properties only:'),
    section(`${level} Methods`, ['Method', 'Description'], methods, method => [code(signature(method)), method.description]),
    section(`${level} Events`, ['Event', 'Detail', 'Description'], element.events, event => [
      code(event.name),
      code(event.detail?.text ?? event.type?.text),
      event.description,
    ]),
    section(`${level} Slots`, ['Slot', 'Description'], element.slots, slot => [slot.name ? code(slot.name) : '(default)', slot.description]),
    section(`${level} CSS parts`, ['Part', 'Description'], element.cssParts, part => [code(part.name), part.description]),
    section(`${level} CSS custom properties`, ['Property', 'Default', 'Description'], element.cssProperties, property => [
      code(property.name),
      code(property.default),
      property.description,
    ]),
  ];
  return sections.filter(Boolean).join('\n\n');
}

function section(heading, headings, rows, toCells, intro) {
  if (!rows?.length) return '';
  const line = cells => `| ${cells.map(cell).join(' | ')} |`;
  const table = [line(headings), line(headings.map(() => '---')), ...rows.map(row => line(toCells(row)))];
  return [heading, '', ...(intro ? [intro, ''] : []), ...table].join('\n');
}

/** A table cell: one line, and `|` escaped (GitHub needs that even inside code spans). */
function cell(text) {
  return String(text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Inline code that survives backticks inside the text; empty for no text. */
function code(text) {
  if (text === undefined || text === '') return '';
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function signature(method) {
  const parameters = (method.parameters ?? []).map(parameter => {
    const type = parameter.type?.text ? `: ${parameter.type.text}` : '';
    const fallback = parameter.default ? ` = ${parameter.default}` : '';
    return `${parameter.rest ? '...' : ''}${parameter.name}${parameter.optional ? '?' : ''}${type}${fallback}`;
  });
  const returns = method.return?.type?.text ? `: ${method.return.type.text}` : '';
  return `${method.static ? 'static ' : ''}${method.name}(${parameters.join(', ')})${returns}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8'));
  const readme = readFileSync(README_FILE, 'utf8');
  const updated = replaceApiSection(readme, renderApiTables(manifest));
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error("README.md's API tables are out of date with custom-elements.json: run `npm run api-tables` and commit it.");
      process.exit(1);
    }
    console.log("README.md's API tables are up to date.");
  } else {
    writeFileSync(README_FILE, updated);
    console.log('Wrote the API tables into README.md.');
  }
}
