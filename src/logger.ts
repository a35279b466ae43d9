import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { tighten } from './db/sqlite-files.js';

/**
 * Keys that may hold personal data. Log messages stay static; personal values go only under these keys.
 * `phoneHash`: a do-not-call key identifies a number to whoever holds the secret, so it is personal data too.
 */
export const PII_KEYS = ['phone', 'to', 'from', 'transcript', 'speech', 'candidate_name', 'email', 'reply', 'said', 'phoneHash'];

/**
 * A phone number inside free text: E.164 (`+14155550123`) or a bare run of 10-15 digits. Providers quote the
 * number in their error messages (Twilio's 21211: "The 'To' number +14155550123 is not a valid phone number."),
 * which no key-based redaction reaches.
 */
const PHONE_IN_TEXT = /\+\d{7,15}\b|(?<![\w.:/-])\d{10,15}\b/g;

/** `text` with every phone number replaced by `[phone]`. */
export function maskPhones(text: string): string {
  return text.replace(PHONE_IN_TEXT, '[phone]');
}

/** A serialized error with the numbers masked in every string it carries (message, stack, provider details, causes). */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

/**
 * pino to the terminal (readable on a TTY, JSON otherwise) and to LOG_FILE (JSON lines, the conversation log,
 * owner-only: 0600, tightened when it was looser). With LOG_REDACT_PII=true the personal keys are removed
 * everywhere and phone numbers are masked inside logged errors (messages and stacks).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FILE' | 'LOG_REDACT_PII' | 'LOG_PRETTY'>): Logger {
  const pretty = config.LOG_PRETTY ?? process.stdout.isTTY === true;
  const streams: pino.StreamEntry[] = [
    {
      level: config.LOG_LEVEL === 'silent' ? 'fatal' : config.LOG_LEVEL,
      stream: pretty
        ? pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } })
        : pino.destination({ dest: 1, sync: false }),
    },
  ];
  if (config.LOG_FILE !== '' && config.LOG_LEVEL !== 'silent') {
    mkdirSync(dirname(config.LOG_FILE), { recursive: true });
    tighten(config.LOG_FILE, 0o600);
    streams.push({ level: config.LOG_LEVEL, stream: pino.destination({ dest: config.LOG_FILE, sync: false, mkdir: true, mode: 0o600 }) });
  }
  return pino(
    { level: config.LOG_LEVEL, base: { service: 'interview-caller' }, ...redaction(config.LOG_REDACT_PII) },
    pino.multistream(streams),
  );
}

/** The pino options that keep personal data out of the log, or none. */
export function redaction(redactPii: boolean): pino.LoggerOptions {
  if (!redactPii) return {};
  const err = (e: unknown) => maskDeep(pino.stdSerializers.err(e instanceof Error ? e : new Error(String(e))));
  return {
    redact: { paths: PII_KEYS.flatMap((k) => [k, `*.${k}`]), remove: true },
    serializers: { err, error: err },
  };
}
