import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/** Keys that may hold personal data. Log messages stay static; personal values go only under these keys. */
export const PII_KEYS = ['phone', 'to', 'from', 'transcript', 'speech', 'candidate_name', 'email', 'reply', 'said'];

/**
 * pino to the terminal (readable on a TTY, JSON otherwise) and to LOG_FILE (JSON lines, the conversation log).
 * With LOG_REDACT_PII=true the personal keys are removed everywhere.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FILE' | 'LOG_REDACT_PII' | 'LOG_PRETTY'>): Logger {
  const pretty = config.LOG_PRETTY ?? (process.stdout.isTTY === true);
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
    streams.push({ level: config.LOG_LEVEL, stream: pino.destination({ dest: config.LOG_FILE, sync: false, mkdir: true }) });
  }
  const redact = config.LOG_REDACT_PII ? { paths: PII_KEYS.flatMap((k) => [k, `*.${k}`]), remove: true } : undefined;
  return pino(
    { level: config.LOG_LEVEL, base: { service: 'interview-caller' }, ...(redact === undefined ? {} : { redact }) },
    pino.multistream(streams),
  );
}
