import OpenAI from 'openai';
import type { UnderstandInput, Understander, Understanding } from '../../core/understanding/types.js';
import { UnderstandingError, toUnderstandingError } from './errors.js';
import { buildMessages } from './prompt.js';
import { RESPONSE_FORMAT, parseAnswer } from './schema.js';

export { UnderstandingError, classifyOpenAIError, toUnderstandingError } from './errors.js';
export type { UnderstandingFailureReason } from './errors.js';

export interface OpenAIUnderstanderOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint ending in /v1; defaults to the SDK's (api.openai.com). */
  baseURL?: string;
  model: string;
  /** Hard SDK timeout per request. `withFallback` enforces the same budget on the whole turn. */
  timeoutMs: number;
  /** For tests or a custom transport; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Reasoning models reject `temperature` and spend completion tokens thinking. */
function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model);
}

/**
 * One chat.completions request per turn with a strict JSON schema. Throws UnderstandingError
 * (with a `reason`) on any failure; never retries (the SDK's retries would blow the turn budget).
 */
export function createOpenAIUnderstander(options: OpenAIUnderstanderOptions): Understander {
  const client = new OpenAI({
    apiKey: options.apiKey,
    // Explicit, so the SDK never picks OPENAI_BASE_URL from process.env behind the config's back.
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
  const model = options.model;
  const tuning = isReasoningModel(model) ? {} : { temperature: 0, max_completion_tokens: 120 };

  return {
    name: 'openai',
    async understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          { model, messages: buildMessages(input), response_format: RESPONSE_FORMAT, ...tuning },
          signal ? { signal } : undefined,
        );
      } catch (error) {
        throw toUnderstandingError(error);
      }
      const choice = completion.choices?.[0];
      if (!choice || !choice.message) throw new UnderstandingError('malformed', 'OpenAI answer has no choices');
      const { message } = choice;
      if (message.refusal) throw new UnderstandingError('refused', `OpenAI refused: ${message.refusal}`);
      if (choice.finish_reason === 'content_filter') {
        throw new UnderstandingError('refused', 'OpenAI answer was cut by the content filter');
      }
      if (choice.finish_reason === 'length') {
        throw new UnderstandingError('malformed', 'OpenAI answer was cut at the token limit');
      }
      const content = message.content;
      if (typeof content !== 'string' || content.trim() === '') {
        throw new UnderstandingError('malformed', 'OpenAI answer is empty');
      }
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch (error) {
        throw new UnderstandingError('malformed', `OpenAI answer is not JSON: ${content.slice(0, 80)}`, {
          cause: error,
        });
      }
      return parseAnswer(json, input);
    },
  };
}
