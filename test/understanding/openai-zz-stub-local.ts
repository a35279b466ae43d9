import type { UnderstandInput, Understander, Understanding } from '../../src/core/understanding/types.js';
export function understandLocal(input: UnderstandInput): Understanding {
  return { intent: 'unclear', slot: null, time: null, date: null, confidence: 0.2, engine: 'local' };
}
export function createLocalUnderstander(): Understander {
  return { name: 'local', understand: async (i) => understandLocal(i) };
}
