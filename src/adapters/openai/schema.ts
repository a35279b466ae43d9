import { DateTime } from 'luxon';
import { z } from 'zod';
import { INTENTS, QUESTION_TOPICS, type UnderstandInput, type Understanding } from '../../core/understanding/types.js';
import { UnderstandingError } from './errors.js';

export const RESPONSE_SCHEMA_NAME = 'understanding';

const TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
/** A local date and time in the candidate's zone, no offset: the model reads the calendar, the code the zone rules. */
const LOCAL_DATE_TIME_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$';

/**
 * The JSON schema sent as `response_format.json_schema.schema` (strict mode: every property
 * required, no additional properties). It is deliberately the same for every turn: a schema that
 * changed per turn (e.g. a slot enum sized to the offer) would defeat OpenAI's schema cache and add
 * latency to a turn that has a 1.5 s budget. The per-turn range of `slot` is checked locally.
 */
export const RESPONSE_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['intent', 'slot', 'time', 'date', 'topic', 'callback_at', 'confidence'],
  properties: {
    intent: { type: 'string', enum: [...INTENTS] },
    slot: {
      type: ['integer', 'null'],
      description: 'Index N of the accepted offered slot SN; accept only, otherwise null.',
    },
    time: {
      type: ['string', 'null'],
      pattern: TIME_PATTERN,
      description: '24 h "HH:MM" when the reply names a clock time, else null.',
    },
    date: {
      type: ['string', 'null'],
      pattern: DATE_PATTERN,
      description: '"YYYY-MM-DD" when the reply names a date or weekday, else null.',
    },
    topic: {
      type: ['string', 'null'],
      enum: [...QUESTION_TOPICS, null],
      description: 'For question only: what it is about; otherwise null.',
    },
    callback_at: {
      type: ['string', 'null'],
      pattern: LOCAL_DATE_TIME_PATTERN,
      description: 'For callback_later only: "YYYY-MM-DDTHH:MM" local time the candidate asks to be called back at; else null.',
    },
    confidence: { type: 'number', description: 'How sure you are, 0 to 1.' },
  },
} as const;

export const RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: { name: RESPONSE_SCHEMA_NAME, strict: true, schema: RESPONSE_JSON_SCHEMA },
} as const;

/** "9:05" → "09:05"; anything else that is not a valid 24 h clock time → undefined. */
function normaliseTime(value: string): string | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(value);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What the model must return. Tolerant where a safe repair exists; anything else is a schema error. */
const answerSchema = z.object({
  intent: z.enum(INTENTS),
  slot: z.number().nullable().optional(),
  time: z
    .string()
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v.trim() === '') return null;
      const t = normaliseTime(v);
      if (t === undefined) {
        ctx.addIssue({ code: 'custom', message: `time "${v}" is not HH:MM` });
        return z.NEVER;
      }
      return t;
    }),
  date: z
    .string()
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v.trim() === '') return null;
      const d = v.trim();
      if (!isRealDate(d)) {
        ctx.addIssue({ code: 'custom', message: `date "${v}" is not YYYY-MM-DD` });
        return z.NEVER;
      }
      return d;
    }),
  topic: z.enum(QUESTION_TOPICS).nullable().optional(),
  callback_at: z
    .string()
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v.trim() === '') return null;
      const t = v.trim();
      if (!new RegExp(LOCAL_DATE_TIME_PATTERN).test(t) || !isRealDate(t.slice(0, 10))) {
        ctx.addIssue({ code: 'custom', message: `callback_at "${v}" is not YYYY-MM-DDTHH:MM` });
        return z.NEVER;
      }
      return t;
    }),
  confidence: z.number().refine(Number.isFinite, 'confidence must be finite'),
});

/**
 * Validates the model's parsed JSON against the contract for this turn and returns an Understanding
 * (engine 'openai'). Throws UnderstandingError('schema') when it cannot be trusted.
 *
 * Repairs: `slot` outside the offer, non-integer, or on a non-accept intent → null; an accept with no
 * slot when exactly one slot was offered → 0 (a plain yes to a single offer); confidence clamped to [0, 1];
 * `callback_at` read in the candidate's zone (`callbackAt`, callback_later only), null when it is not after `now`
 * or the input has no zone.
 */
export function parseAnswer(
  json: unknown,
  input: Pick<UnderstandInput, 'offered'> & Partial<Pick<UnderstandInput, 'now' | 'timezone'>>,
): Understanding {
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new UnderstandingError('schema', `OpenAI answer does not match the schema: ${detail}`, {
      cause: parsed.error,
    });
  }
  const a = parsed.data;
  const offered = input.offered.length;
  let slot: number | null = null;
  if (a.intent === 'accept') {
    const s = a.slot;
    if (typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < offered) slot = s;
    else if ((s === null || s === undefined) && offered === 1) slot = 0;
  }
  const confidence = Math.min(1, Math.max(0, a.confidence));
  // a question without a topic is about something the caller cannot answer itself ('other')
  const topic = a.intent === 'question' ? (a.topic ?? 'other') : null;
  const u: Understanding = { intent: a.intent, slot, time: a.time, date: a.date, topic, confidence, engine: 'openai' };
  return a.intent === 'callback_later' ? { ...u, callbackAt: callbackAtOf(a.callback_at, input) } : u;
}

/** The model's local "YYYY-MM-DDTHH:MM" as an instant with the candidate's offset, when it is after `now`. */
function callbackAtOf(local: string | null, input: Partial<Pick<UnderstandInput, 'now' | 'timezone'>>): string | null {
  if (local === null || input.timezone === undefined) return null;
  const at = DateTime.fromISO(local, { zone: input.timezone });
  const now = input.now === undefined ? Date.now() : Date.parse(input.now);
  if (!at.isValid || Number.isNaN(now) || at.toMillis() <= now) return null;
  return at.toISO({ suppressMilliseconds: true });
}
