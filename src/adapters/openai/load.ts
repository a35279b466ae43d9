import type { UnderstandInput, Understander, Understanding } from '../../core/understanding/types.js';
import type { OpenAIUnderstanderOptions } from './openai-understander.js';

/**
 * The OpenAI engine with its SDK imported here, only when a key is configured: a process on the local engine never
 * loads the `openai` package (~5 MB of RSS). The import starts at once, so the first turn does not wait for it.
 */
export function loadOpenAIUnderstander(options: OpenAIUnderstanderOptions): Understander {
  const engine = import('./openai-understander.js').then((m) => m.createOpenAIUnderstander(options));
  engine.catch(() => undefined); // a failed import surfaces on the first turn (and falls back to the local engine)
  return {
    name: 'openai',
    async understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding> {
      return (await engine).understand(input, signal);
    },
  };
}
