import type { AttachmentData, AttachmentInfo, Dialect, HistoryTurn, RequestContext } from './dialect.js';
import { ErrorCode } from '../transport/error-code.js';
import { TransportError } from '../transport/transport-error.js';

/**
 * Attached files in each vendor's own request shape. A dialect's body builder knows nothing of files: it builds its
 * body from the text as usual, and the new message's content is then replaced here by the vendor's parts (files
 * first, then the text, as Anthropic advises and the AI SDK's `sendMessage` does). Earlier turns carry a short text
 * note naming their files instead of the bytes again: no vendor format requires them, and the request stays small.
 * A format without a place for files (TGI) gets the note in the new message's text too.
 */

type Part = Record<string, unknown>;
type Body = Record<string, any>;
/** Where the body keeps its messages, which key of a message holds its parts, and how a text and a file look. */
type Shape = readonly [messages: (body: Body) => Body[], key: string, text: (text: string) => Part, file: (file: AttachmentData) => Part];

const dataUrl = ({ type, data }: AttachmentData) => `data:${type};base64,${data}`;
/** The image types every vendor takes as an image; anything else goes as a file (or document). */
const isImage = ({ type }: AttachmentInfo) => /^image\/(png|jpeg|gif|webp)$/.test(type);
const text = (text: string): Part => ({ type: 'text', text });
const messages = (body: Body) => body.messages;
const input = (body: Body) => body.input;

/** The bytes of a text file as text (Anthropic takes plain text documents as text, not base64). */
const decode = (data: string) => new TextDecoder().decode(Uint8Array.from(atob(data), char => char.charCodeAt(0)));

/** LangChain's standard content blocks (`@langchain/core` 1.x: `image`/`file` with `mimeType` and base64 `data`). */
const langChainFile = (file: AttachmentData): Part => ({
  type: isImage(file) ? 'image' : 'file',
  mimeType: file.type,
  data: file.data,
  metadata: { filename: file.name },
});

const SHAPES: Record<string, Shape> = {
  'openai-chat': [messages, 'content', text, file =>
    isImage(file) ? { type: 'image_url', image_url: { url: dataUrl(file) } } : { type: 'file', file: { filename: file.name, file_data: dataUrl(file) } }],
  'openai-responses': [input, 'content', text => ({ type: 'input_text', text }), file =>
    isImage(file) ? { type: 'input_image', image_url: dataUrl(file), detail: 'auto' } : { type: 'input_file', filename: file.name, file_data: dataUrl(file) }],
  anthropic: [messages, 'content', text, file =>
    isImage(file)
      ? { type: 'image', source: { type: 'base64', media_type: file.type, data: file.data } }
      : {
          type: 'document',
          source: file.type.startsWith('text/')
            ? { type: 'text', media_type: 'text/plain', data: decode(file.data) }
            : { type: 'base64', media_type: file.type, data: file.data },
          title: file.name,
        }],
  gemini: [body => body.contents, 'parts', text => ({ text }), file => ({ inline_data: { mime_type: file.type, data: file.data } })],
  'vercel-ai': [messages, 'parts', text, file => ({ type: 'file', mediaType: file.type, filename: file.name, url: dataUrl(file) })],
  'ag-ui': [messages, 'content', text, file => ({
    type: isImage(file) ? 'image' : 'document',
    source: { type: 'data', value: file.data, mimeType: file.type },
    metadata: { filename: file.name },
  })],
  langchain: [input, 'content', text, langChainFile],
  langgraph: [body => body.input.messages, 'content', text, langChainFile],
};

/** A turn's text with a note naming its files, e.g. `[Attached: a.png (image/png, 2048 bytes)]`. */
function withNote<T extends { text: string; attachments?: readonly AttachmentInfo[] }>(turn: T): T {
  const files = turn.attachments;
  if (!files?.length) return turn;
  const note = `[Attached: ${files.map(file => `${file.name} (${file.type}, ${file.size} bytes)`).join(', ')}]`;
  return { ...turn, text: turn.text ? `${turn.text}\n\n${note}` : note };
}

/** A vendor dialect's body for `context`, with the new message's files in the vendor's shape. */
export function buildBodyWithFiles(dialect: Dialect, context: RequestContext): unknown {
  const { files = [] } = context;
  const shape = Object.hasOwn(SHAPES, dialect.name) ? SHAPES[dialect.name] : undefined;
  const history: HistoryTurn[] = context.history.map(withNote);
  const body = dialect.buildBody!({ ...context, history, text: shape ? context.text : withNote({ text: context.text, attachments: files }).text }) as Body;
  if (shape && files.length) {
    const [list, key, toText, toFile] = shape;
    const all = list(body);
    all[all.length - 1][key] = [...files.map(toFile), ...(context.text ? [toText(context.text)] : [])];
  }
  return body;
}

/** The type of a file the browser could not name. */
export const OCTET_STREAM = 'application/octet-stream';

/** What a question keeps of a file: its name, type and size (the bytes are read only for the request). */
export const fileInfo = ({ name, type, size }: File): AttachmentInfo => ({ name, type: type || OCTET_STREAM, size });

/** A file's bytes, base64, for the request body (FileReader: the encoding happens off the main thread). */
export function readFile(file: File): Promise<AttachmentData> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = reader.result as string;
      resolve({ name: file.name, type: file.type || OCTET_STREAM, size: file.size, data: url.split(',')[1] ?? '' });
    };
    reader.onerror = () => reject(new TransportError(ErrorCode.File, `Could not read ${file.name}.`));
    reader.readAsDataURL(file);
  });
}
