import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';

/** An email as the sender hands it to a transport. */
export interface OutgoingMail {
  /** The message's row id: the outbox file's name. */
  id: number;
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The calendar invite (text/calendar), sent as the mail's calendar part with its METHOD. */
  ics: string | null;
}

export interface OutgoingSms {
  id: number;
  to: string;
  body: string;
}

/** What a transport gives back: the provider's id (SMTP Message-ID, Twilio's SID, the outbox file's name). */
export interface Sent {
  providerId: string;
}

/**
 * A message could not be sent. `retryable`: try again later (the server was down, busy or said "try later");
 * otherwise it will never go (a refused address) or it may have gone already (an SMS whose answer was lost: sent
 * again, the candidate could get it twice).
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<Sent>;
  close(): void;
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'outbox';
  send(sms: OutgoingSms): Promise<Sent>;
}

/** How the service sends its messages; one per Deps (`deps.messaging`). */
export interface Messaging {
  /** MAIL_FROM: the mails' From and the invites' ORGANIZER. */
  readonly mailFrom: string;
  /** DATA_DIR/outbox: where messages go without SMTP_URL (email) or in simulated mode (SMS). */
  readonly outboxDir: string;
  readonly mail: MailTransport;
  readonly sms: SmsTransport;
  close(): void;
}

export interface MessagingOptions {
  /** SMTP_URL (smtp:// or smtps://, user and password in it); unset: every email goes to the outbox. */
  smtpUrl?: string | undefined;
  /** MAIL_FROM; default {@link DEFAULT_MAIL_FROM}. */
  mailFrom?: string | undefined;
  /** DATA_DIR/outbox. */
  outboxDir: string;
  /** The SMS transport (Twilio Messages in twilio mode: `createTwilioSms`); unset: the outbox. */
  sms?: SmsTransport | undefined;
  /** How long an SMTP connection, greeting or quiet socket may take (default 15 s). */
  smtpTimeoutMs?: number;
}

export const DEFAULT_MAIL_FROM = 'Interview scheduling <interviews@localhost>';

/** The service's transports: SMTP when `smtpUrl` is set, else the outbox; SMS as given, else the outbox. */
export function createMessaging(options: MessagingOptions): Messaging {
  const mailFrom = options.mailFrom ?? DEFAULT_MAIL_FROM;
  const mail = options.smtpUrl === undefined ? outboxMail(options.outboxDir) : smtpMail(options.smtpUrl, options.smtpTimeoutMs ?? 15_000);
  const sms = options.sms ?? outboxSms(options.outboxDir);
  return { mailFrom, outboxDir: options.outboxDir, mail, sms, close: () => mail.close() };
}

/** The nodemailer message: the text, and the invite as the calendar part (Outlook and Gmail show it as an invitation). */
function mailOptions(mail: OutgoingMail): SendMailOptions {
  const method = mail.ics !== null && /^METHOD:CANCEL\r?$/m.test(mail.ics) ? 'CANCEL' : 'REQUEST';
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.ics === null ? {} : { icalEvent: { method, filename: 'invite.ics', content: mail.ics } }),
  };
}

function smtpMail(url: string, timeoutMs: number): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail(mailOptions(mail));
        return { providerId: String(info.messageId) };
      } catch (err) {
        throw smtpError(err);
      }
    },
    close: () => transporter.close(),
  };
}

/** An SMTP failure: a 5xx answer is final (the address or the mail was refused); anything else is tried again. */
function smtpError(err: unknown): TransportError {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'responseCode' in err ? Number(err.responseCode) : undefined;
  return new TransportError(message, !(code !== undefined && code >= 500 && code < 600));
}

/** Writes `name` in `dir` whole (a temporary file renamed), so a reader of the outbox never sees half a message. */
async function writeWhole(dir: string, name: string, content: string | Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${name}.tmp`);
  await writeFile(temporary, content);
  await rename(temporary, join(dir, name));
}

function outboxMail(dir: string): MailTransport {
  // nodemailer builds the very message SMTP would have sent (MIME, the calendar part), kept in a buffer.
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    async send(mail) {
      const info = await transporter.sendMail(mailOptions(mail));
      const name = `${mail.id}.eml`;
      // With `buffer: true` the message is a Buffer (the type also allows the streaming mode's Readable).
      await writeWhole(dir, name, Buffer.isBuffer(info.message) ? info.message : String(info.message));
      return { providerId: name };
    },
    close: () => transporter.close(),
  };
}

function outboxSms(dir: string): SmsTransport {
  return {
    kind: 'outbox',
    async send(sms) {
      const name = `${sms.id}.json`;
      await writeWhole(dir, name, `${JSON.stringify({ channel: 'sms', id: sms.id, to: sms.to, body: sms.body }, null, 2)}\n`);
      return { providerId: name };
    },
  };
}
