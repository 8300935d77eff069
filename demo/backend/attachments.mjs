// Files a chat request carries (the house body's `attachments`, docs/protocol.md, read by http/request.mjs): what the
// answer says it received, and for a text file, the lines that match the question, quoted (or, matching none, its
// opening lines).

import { analyzeQuestion, stemTerm, tokenize } from './retrieval.mjs';

/** How many lines of a text file the answer quotes. */
const QUOTED_LINES = 3;
/** The longest quoted line, in characters. */
const MAX_LINE_CHARS = 200;

/**
 * A byte count as people write it: '70 bytes', '1.2 KB', '3.4 MB'.
 * @param {number} bytes
 */
function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/**
 * A file name as inline code, safe in markdown (a backtick in the name cannot close the span).
 * @param {string} name
 */
const code = name => `\`${name.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;

/**
 * The lines of `text` that share the most (stemmed) words with the question, best first then in file order; none
 * when no line shares any.
 * @param {string} text
 * @param {string[]} terms
 * @returns {Array<{ number: number, line: string }>}
 */
export function matchingLines(text, terms) {
  const wanted = new Set(terms.map(stemTerm));
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ number: index + 1, line: line.trim(), hits: new Set(tokenize(line).map(stemTerm).filter(word => wanted.has(word))).size }))
    .filter(entry => entry.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.number - b.number)
    .slice(0, QUOTED_LINES)
    .sort((a, b) => a.number - b.number)
    .map(({ number, line }) => ({ number, line }));
}

/**
 * What the answer says about the files: each one's name, type and size; for a text file, the lines matching the
 * question (quoted with their numbers), or its first lines when none match. Markdown; empty without attachments.
 * @param {import('../http/request.mjs').Attachment[]} attachments
 * @param {string} question
 * @returns {string}
 */
export function describeAttachments(attachments, question) {
  if (attachments.length === 0) return '';
  const { terms } = analyzeQuestion(question);
  const listed = attachments.map(file => `${code(file.name)} (${file.type}, ${formatSize(file.size)})`).join(', ');
  const parts = [`**Received ${attachments.length} ${attachments.length === 1 ? 'file' : 'files'}:** ${listed}.`];
  for (const file of attachments) {
    if (file.text === undefined) continue;
    const matches = matchingLines(file.text, terms);
    const quoted = matches.length
      ? matches
      : file.text.split(/\r?\n/).map((line, index) => ({ number: index + 1, line: line.trim() })).filter(entry => entry.line).slice(0, QUOTED_LINES);
    const lead = matches.length
      ? `In ${code(file.name)}, the lines that match your question:`
      : quoted.length
        ? `${code(file.name)} has no line matching your question; it begins:`
        : `${code(file.name)} is empty.`;
    const lines = quoted.map(({ number, line }) => `> ${number}: ${clip(line)}`);
    parts.push(lines.length ? `${lead}\n\n${lines.join('\n>\n')}` : lead);
  }
  if (attachments.some(file => file.text === undefined)) parts.push('Images, PDFs and other binary files are listed, not read: this demo has no model that sees them.');
  return `${parts.join('\n\n')}\n\n`;
}

/**
 * A quoted line, cut at MAX_LINE_CHARS, with markdown that would change the quote's structure escaped.
 * @param {string} line
 */
function clip(line) {
  const short = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
  return short.replace(/[\\`*_[\]<>#|]/g, '\\$&');
}
