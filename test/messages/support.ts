import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerSession } from 'smtp-server';
import { importCandidates } from '../../src/services/import-candidates.js';
import { createJob } from '../../src/services/jobs.js';
import { addSlots } from '../../src/services/slots.js';
import type { TestApp } from '../helpers/app.js';

/** A mail the test SMTP server took: the envelope and the message parsed back by mailparser. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/** An SMTP error the server answers with (e.g. 451 "try later", 550 "no such user"). */
export type Refusal = { code: number; message: string } | undefined;

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1: no TLS, no auth. `refuse` decides, per recipient,
 * whether RCPT TO is refused (and how); every accepted mail is parsed with mailparser.
 */
export async function startSmtp() {
  const mails: ReceivedMail[] = [];
  let refuse: (to: string) => Refusal = () => undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refuse(address.address);
      if (refusal === undefined) return callback();
      return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
            mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse(rule: (to: string) => Refusal) {
      refuse = rule;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;

/** A port nothing listens on (an SMTP server that is down: connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The interview every suite books: Tuesday 3 November 2026, 10 AM New York, the week after both DST changes. */
export const SLOT_LOCAL = '2026-11-03T10:00';
/** 10 AM EST (UTC−5 from 1 November); a time computed with the October offset (EDT, UTC−4) would say 14:00Z. */
export const SLOT_UTC = '2026-11-03T15:00:00.000Z';
/** Between the EU change (25 October) and the US one (1 November): New York on EDT, Paris already on CET. */
export const BEFORE_US_CHANGE = new Date('2026-10-29T14:00:00Z');

export interface Booked {
  jobId: number;
  candidateId: number;
  callSid: string;
  caller: string;
}

/**
 * A job in New York with one slot (`SLOT_LOCAL`, with an interviewer) and the candidate, then a simulated call in which
 * the candidate takes the slot. Returns the ids and the caller's lines.
 */
export async function bookInterview(
  t: TestApp,
  candidate: { name: string; phone: string; email?: string; timezone?: string },
  interviewer = { name: 'Pat Lee', email: 'pat@globex.example' },
): Promise<Booked> {
  const job = await createJob(t.deps, {
    title: 'Backend Engineer',
    company: 'Globex',
    timezone: 'America/New_York',
    interview_minutes: 45,
    format: 'video call',
    location: 'https://meet.example.com/globex-backend',
  });
  await addSlots(t.deps, job.id, {
    slots: [{ start: SLOT_LOCAL, interviewer_name: interviewer.name, interviewer_email: interviewer.email }],
  });
  await importCandidates(t.deps, job.id, { candidates: [candidate] });
  const row = await t.deps.database.db
    .selectFrom('candidates')
    .select('id')
    .where('job_id', '=', job.id)
    .where('phone', '=', candidate.phone)
    .executeTakeFirstOrThrow();
  const res = await t.admin('POST', `/candidates/${row.id}/call`, { simulate: { replies: ['the first one', 'yes'] } });
  if (res.status !== 201) throw new Error(`call answered ${res.status}: ${JSON.stringify(res.body)}`);
  const callSid = res.body.call_sid as string;
  const telephony = t.deps.telephony as {
    finished?: (sid: string) => Promise<{ transcript: Array<{ speaker: string; text: string }> } | undefined>;
  };
  const recording = await telephony.finished?.(callSid);
  const caller = (recording?.transcript ?? [])
    .filter((l) => l.speaker === 'caller')
    .map((l) => l.text)
    .join('\n');
  return { jobId: job.id, candidateId: row.id, callSid, caller };
}
