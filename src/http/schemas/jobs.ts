import { Type } from 'typebox';
import type { Static } from 'typebox';

/** Schemas of the jobs routes and their slots: they validate requests and feed the OpenAPI document. */

// Null first: Fastify's ajv coerces types, and a null tried against a string branch first would be stored as "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

const Status = Type.Union([Type.Literal('open'), Type.Literal('paused'), Type.Literal('closed')], {
  description: 'open: called for; paused or closed: not',
});

/** The candidate pages' languages (core/languages.ts LANGUAGES; an enum here so the OpenAPI document lists them). */
const Language = Type.Union([Type.Literal('en'), Type.Literal('es'), Type.Literal('fr'), Type.Literal('de')], {
  description:
    "BCP 47 tag of the language the candidate's pages (the reschedule/cancel page) are written in, dates and times included. " +
    'Supported: en (English, the default), es (Spanish), fr (French), de (German). Emails, texts and the call stay in English.',
});

const editable = {
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone the slots are defined in, e.g. America/New_York' }),
  interview_minutes: Type.Integer({ minimum: 5, maximum: 480, description: "The interview's length (a slot may set its own)" }),
  format: Type.String({ minLength: 1, maxLength: 100, description: 'As spoken after the length: "video call", "phone call"' }),
  location: Nullable(Type.String({ maxLength: 500, description: 'Video link, phone number or address' })),
  description: Nullable(Type.String({ maxLength: 2000, description: 'What the caller may tell candidates about the role' })),
  calling_hours: Type.String({
    pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$',
    description: "HH:MM-HH:MM in the candidate's zone, start before end",
  }),
  max_turns: Type.Integer({ minimum: 2, maximum: 20 }),
  caller_name: Nullable(Type.String({ maxLength: 100, description: "The caller's name in the greeting" })),
  voicemail_message: Nullable(Type.String({ maxLength: 1000 })),
  status: Status,
  language: Language,
  max_attempts: Type.Integer({ minimum: 1, maximum: 10, description: 'Campaign calls per candidate at most (default 3)' }),
  retry_minutes: Type.Array(Type.Integer({ minimum: 1, maximum: 20_160 }), {
    minItems: 1,
    maxItems: 10,
    description:
      'Minutes to wait before each retry of a campaign (the last repeated), each 1 to 20160 (14 days); default [120, 1440]: ' +
      'two hours, then the next day (at another time of day). Always shifted into calling hours.',
  }),
  reminder_minutes: Type.Array(Type.Integer({ minimum: 1, maximum: 20_160 }), {
    maxItems: 5,
    description:
      'Reminders by SMS and email, in minutes before the interview; default [1440, 120] (a day, then two hours); [] for ' +
      "none. One due at night in the candidate's zone is sent the evening before.",
  }),
};

const title = Type.String({ minLength: 1, maxLength: 200, description: 'The position, as spoken' });
const company = Type.String({ minLength: 1, maxLength: 200, description: 'The company, as spoken in the greeting' });

/** Every editable field, optional: what a create may add to title and company, and what a patch may change. */
const optionalEditable = {
  timezone: Type.Optional(editable.timezone),
  interview_minutes: Type.Optional(editable.interview_minutes),
  format: Type.Optional(editable.format),
  location: Type.Optional(editable.location),
  description: Type.Optional(editable.description),
  calling_hours: Type.Optional(editable.calling_hours),
  max_turns: Type.Optional(editable.max_turns),
  caller_name: Type.Optional(editable.caller_name),
  voicemail_message: Type.Optional(editable.voicemail_message),
  status: Type.Optional(editable.status),
  language: Type.Optional(editable.language),
  max_attempts: Type.Optional(editable.max_attempts),
  retry_minutes: Type.Optional(editable.retry_minutes),
  reminder_minutes: Type.Optional(editable.reminder_minutes),
};

export const JobCreate = Type.Object(
  { title, company, ...optionalEditable },
  { additionalProperties: false, description: 'Left out: the zone, length, format, calling hours and max turns come from the settings.' },
);
export type JobCreate = Static<typeof JobCreate>;

export const JobPatch = Type.Object(
  { title: Type.Optional(title), company: Type.Optional(company), ...optionalEditable },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      "The fields to change. The default job's title, company, zone, length, format, calling hours and max turns follow the settings.",
  },
);

export const Job = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  company: Type.String(),
  timezone: Type.String(),
  interview_minutes: Type.Integer(),
  format: Type.String(),
  location: Nullable(Type.String()),
  description: Nullable(Type.String()),
  calling_hours: Type.String(),
  max_turns: Type.Integer(),
  caller_name: Nullable(Type.String()),
  voicemail_message: Nullable(Type.String()),
  status: Status,
  max_attempts: Type.Integer(),
  retry_minutes: Type.Array(Type.Integer()),
  reminder_minutes: Type.Array(Type.Integer()),
  language: Language,
  is_default: Type.Boolean({ description: 'The job made from the settings, used by calls placed without a job' }),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const JobList = Type.Object({ items: Type.Array(Job) });

export const JobListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });

export const JobParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const SlotParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  slot_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const CancelQuery = Type.Object(
  { cancel_bookings: Type.Optional(Type.Boolean({ default: false, description: 'Cancel the bookings in the same request' })) },
  { additionalProperties: false },
);

export const JobDeleted = Type.Object({
  id: Type.Integer(),
  cancelled_bookings: Type.Integer({ description: 'Booked interviews still to come that were cancelled' }),
});

const seats = Type.Integer({ minimum: 1, maximum: 1000, description: 'Seats (default SLOT_CAPACITY)' });
const interviewerName = Nullable(Type.String({ maxLength: 200 }));
const interviewerEmail = Nullable(
  Type.String({ maxLength: 320, description: 'One person across jobs: never offered at two overlapping booked times' }),
);

export const SlotInput = Type.Object(
  {
    start: Type.String({
      minLength: 16,
      maxLength: 40,
      description: "Local ISO date-time in the job's zone (2026-12-14T10:00), or with an offset (2026-12-14T10:00-05:00)",
    }),
    minutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480, description: "Default: the job's interview_minutes" })),
    capacity: Type.Optional(seats),
    interviewer_name: Type.Optional(interviewerName),
    interviewer_email: Type.Optional(interviewerEmail),
  },
  { additionalProperties: false },
);

const hhmm = (description: string) => Type.String({ pattern: '^\\d{2}:\\d{2}$', description });
const date = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const WeeklyInput = Type.Object(
  {
    days: Type.Union(
      [Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 7 }), Type.String({ minLength: 3, maxLength: 100 })],
      {
        description: '["mon","wed","fri"], or "Mon-Fri", "Mon,Wed,Fri", "Mon-Wed,Sat" (full names too; "Fri-Mon" wraps)',
      },
    ),
    from: hhmm('Local start of the first slot each day'),
    to: hhmm('Local time by which the last slot has ended (24:00 allowed)'),
    minutes: Type.Integer({ minimum: 5, maximum: 480, description: "Each slot's length" }),
    buffer_minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 480, description: 'Gap after each slot (default 0)' })),
    start_date: date("First day, in the job's zone"),
    weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 52, description: 'Days [start_date, start_date + 7 × weeks) (default 1)' })),
    skip_dates: Type.Optional(Type.Array(date('A day left out'), { maxItems: 400 })),
    capacity: Type.Optional(seats),
    interviewer_name: Type.Optional(interviewerName),
    interviewer_email: Type.Optional(interviewerEmail),
  },
  {
    additionalProperties: false,
    description:
      "A weekly availability, generated in the job's zone: every `minutes` + `buffer_minutes` from `from` while a slot ends by `to`, " +
      'on `days`, for `weeks` weeks from `start_date`, without `skip_dates`. A 10:00 slot stays 10:00 local across a DST change; ' +
      'a local time the clocks skip is left out and listed in `skipped`; at most 2000 slots.',
  },
);

export const AddSlotsBody = Type.Object(
  {
    slots: Type.Optional(Type.Array(SlotInput, { minItems: 1, maxItems: 2000 })),
    weekly: Type.Optional(WeeklyInput),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Either `slots` or `weekly`.' },
);
export type AddSlotsBody = Static<typeof AddSlotsBody>;

export const Slot = Type.Object({
  id: Type.Integer(),
  job_id: Type.Integer(),
  start: Type.String({ description: "ISO 8601 with the job zone's offset" }),
  start_utc: Type.String(),
  label: Type.String({ description: "As spoken in the job's zone" }),
  minutes: Type.Integer(),
  minutes_from_job: Type.Boolean({ description: "The length follows the job's interview_minutes" }),
  capacity: Type.Integer(),
  booked: Type.Integer(),
  interviewer_name: Nullable(Type.String()),
  interviewer_email: Nullable(Type.String()),
  state: Type.Union([Type.Literal('open'), Type.Literal('full'), Type.Literal('past')]),
});

export const AddedSlots = Type.Object({
  created: Type.Array(Slot),
  duplicates: Type.Array(Type.String(), { description: 'Starts the job already had, or given twice: not doubled' }),
  skipped: Type.Array(Type.Object({ local: Type.String(), reason: Type.Literal('nonexistent_local_time') }), {
    description: 'Local times of the weekly availability that the zone skips',
  }),
});

export const SlotList = Type.Object({ items: Type.Array(Slot) });

export const SlotListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('full'), Type.Literal('past')], {
        description: 'upcoming (default): every slot to come; open: with a free seat; full; past (latest first)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SlotPatch = Type.Object(
  { capacity: Type.Optional(seats), interviewer_name: Type.Optional(interviewerName), interviewer_email: Type.Optional(interviewerEmail) },
  { additionalProperties: false, minProperties: 1, description: 'Capacity never below the seats booked' },
);

export const SlotDeleted = Type.Object({ id: Type.Integer(), cancelled_bookings: Type.Integer() });
