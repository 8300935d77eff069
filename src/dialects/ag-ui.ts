import type { ChatEvent } from './chat-event.js';
import type { Dialect, RequestContext } from './dialect.js';
import {
  arrayOf,
  own,
  ownObject,
  ownString,
  parseJsonObject,
  safeRecord,
  type JsonObject,
} from '../untrusted/json-values.js';
import { StepDetails, THINKING_LABEL } from './steps.js';
import { VendorMapper, vendorError } from './vendor-mapper.js';

/**
 * AG-UI, the Agent–User Interaction protocol (`@ag-ui/core` 1.x, as Pydantic AI, Mastra, LangGraph, CrewAI and
 * CopilotKit servers emit it): one JSON event per SSE message, `{"type": "TEXT_MESSAGE_CONTENT", …}`.
 * Text from the assistant's messages; reasoning, tool calls and named steps as steps; state and message snapshots
 * kept as metadata; `RUN_FINISHED` completes the turn, `RUN_ERROR` fails it.
 */

/** AG-UI's event names: upper-case words nobody else's `type` uses, so one of them is proof. */
const AG_UI_TYPE = /^(RUN|TEXT_MESSAGE|TOOL_CALL|STEP|STATE|MESSAGES|THINKING|REASONING|ACTIVITY|SUBAGENT)_[A-Z_]+$/;

class AgUiMapper extends VendorMapper {
  /** Non-assistant text messages (a `user` echo, `system` notes) are not part of the answer. */
  readonly #skipped = new Set<string>();
  /** The message the last text came from: a new message starts a new paragraph. */
  #textMessage: string | undefined;
  #thinking = 0;
  readonly #details = new StepDetails();

  protected mapPayload(event: JsonObject): ChatEvent[] {
    const field = (key: string) => ownString(event, key);
    const toolStep = `tool-${field('toolCallId')}`;
    const thinkingStep = `thinking-${this.#thinking}`;
    switch (field('type')) {
      case 'RUN_STARTED':
        return [{ type: 'metadata', metadata: { threadId: field('threadId'), runId: field('runId') } }];
      case 'RUN_FINISHED': {
        // An interrupted run (waiting for the user) or a cancelled one still ends the turn, saying why.
        const reason = ownString(ownObject(event, 'outcome'), 'type');
        return [{ type: 'done', ...(reason && reason !== 'success' ? { reason } : {}) }];
      }
      case 'RUN_ERROR':
        return [vendorError(own(event, 'message'), own(event, 'code'), true)];
      case 'TEXT_MESSAGE_START':
        if ((field('role') ?? 'assistant') !== 'assistant') this.#skipped.add(field('messageId') ?? '');
        return [];
      case 'TEXT_MESSAGE_CHUNK':
      // A chunk is a start, content and end in one: its role decides as the start's would.
      case 'TEXT_MESSAGE_CONTENT':
        if ((field('role') ?? 'assistant') !== 'assistant') return [];
        return this.#text(field('messageId') ?? this.#textMessage ?? '', field('delta'));
      case 'TOOL_CALL_START':
        // `toolCallName` is required by the protocol; without it the reducer labels the step by its id.
        return [{ type: 'step', id: toolStep, label: field('toolCallName'), status: 'active' }];
      case 'TOOL_CALL_CHUNK':
        return [
          ...(field('toolCallName') ? [{ type: 'step', id: toolStep, label: field('toolCallName'), status: 'active' } as ChatEvent] : []),
          ...this.#details.append(toolStep, field('delta')),
        ];
      case 'TOOL_CALL_ARGS':
        return this.#details.append(toolStep, field('delta'));
      case 'TOOL_CALL_RESULT':
        return [{ type: 'step', id: toolStep, status: 'done' }];
      case 'STEP_STARTED':
      case 'STEP_FINISHED': {
        const name = field('stepName') ?? '';
        return [{ type: 'step', id: `step-${name}`, label: name, status: field('type') === 'STEP_STARTED' ? 'active' : 'done' }];
      }
      case 'THINKING_START':
      case 'REASONING_START':
        return this.#startThinking();
      case 'THINKING_TEXT_MESSAGE_CONTENT':
      case 'REASONING_MESSAGE_CONTENT':
      case 'REASONING_MESSAGE_CHUNK':
        // Reasoning may stream without its start event (a bare chunk): it still gets its labelled step.
        return [...(this.#thinking ? [] : this.#startThinking()), ...this.#details.append(`thinking-${this.#thinking}`, field('delta'), true)];
      case 'THINKING_END':
      case 'REASONING_END':
        return [{ type: 'step', id: thinkingStep, status: 'done' }];
      case 'STATE_SNAPSHOT':
        return this.#keep('state', own(event, 'snapshot'));
      case 'STATE_DELTA':
        return this.#keep('stateDelta', own(event, 'delta'));
      case 'MESSAGES_SNAPSHOT': {
        // A server that streamed no text may still send the answer in the snapshot: its last assistant message.
        const messages = own(event, 'messages');
        const last = arrayOf(messages).at(-1);
        const text = this.#textMessage === undefined && own(last, 'role') === 'assistant' ? ownString(last, 'content') : undefined;
        return [...this.#keep('messages', messages), ...(text ? [{ type: 'text', text } as ChatEvent] : [])];
      }
      case 'CUSTOM':
        return this.#keep(field('name') ?? 'custom', own(event, 'value'));
    }
    // RAW (a wrapped upstream event) and activity events say nothing a reader needs.
    return [];
  }

  #text(messageId: string, delta: string | undefined): ChatEvent[] {
    if (!delta || this.#skipped.has(messageId)) return [];
    const paragraph = this.#textMessage !== undefined && this.#textMessage !== messageId ? '\n\n' : '';
    this.#textMessage = messageId;
    return [{ type: 'text-delta', delta: paragraph + delta }];
  }

  #startThinking(): ChatEvent[] {
    return [{ type: 'step', id: `thinking-${++this.#thinking}`, label: THINKING_LABEL, status: 'active' }];
  }

  #keep(key: string, value: unknown): ChatEvent[] {
    return value === undefined ? [] : [{ type: 'metadata', metadata: safeRecord({ [key]: value } as JsonObject) }];
  }
}

/** A fresh id for a run or a message: AG-UI servers key their stores by them. `randomUUID` needs a secure context. */
function freshId(): string {
  return crypto.randomUUID?.() ?? Math.random().toString(36).slice(2);
}

/** `RunAgentInput`: thread and run ids, the conversation with ids and roles, and empty tools, context and state. */
function buildBody(context: RequestContext): unknown {
  return {
    threadId: context.sessionId,
    runId: freshId(),
    messages: [
      ...context.history.map(turn => ({ id: turn.id, role: turn.role, content: turn.text })),
      { id: freshId(), role: 'user', content: context.text },
    ],
    tools: [],
    context: [],
    state: {},
    forwardedProps: {},
  };
}

/** The AG-UI dialect. */
export const agUiDialect: Dialect = {
  name: 'ag-ui',
  createMapper: () => new AgUiMapper(),
  detect: message => AG_UI_TYPE.test(ownString(parseJsonObject(message.data), 'type') ?? ''),
  buildBody,
};
