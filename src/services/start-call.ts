import { randomUUID } from 'node:crypto';
import type { SimulateOptions } from '../adapters/telephony.js';
import { TelephonyError } from '../adapters/telephony.js';
import { newCallSid } from '../adapters/simulator/simulated-telephony.js';
import { initialState } from '../core/conversation/transition.js';
import type { Candidate } from '../core/conversation/types.js';
import { AppError, conflict, invalid } from '../core/errors.js';
import { isDoNotCall } from '../db/do-not-call.repo.js';
import { insertSession, renameCallSid, updateSession } from '../db/sessions.repo.js';
import { hasOpenSlot } from '../db/slots.repo.js';
import type { Deps } from '../deps.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { isPlainText } from '../core/text.js';
import { assertCallingHours, normalizePhone } from './people.js';

export interface CandidateInput {
  name?: string;
  phone?: string;
  email?: string;
  position?: string;
  company?: string;
  timezone?: string;
}

export interface StartCallInput {
  candidate?: CandidateInput;
  simulate?: SimulateOptions;
}

export interface StartedCall {
  callSid: string;
  status: string;
}

/**
 * Creates the conversation, then asks the telephony edge to dial. Nothing is dialled when the input is wrong,
 * the number is on the do-not-call list, or no slot is open.
 */
export async function startCall(deps: Deps, input: StartCallInput): Promise<StartedCall> {
  const { config, database, telephony, logger } = deps;
  const { candidate, phone } = resolveCandidate(deps, input.candidate ?? {});
  const db = database.db;
  if (await isDoNotCall(db, phone)) {
    throw conflict('do_not_call', 'This number asked not to be called again (it is on the do-not-call list).');
  }
  // Calling hours guard real phones only: a simulated call rings nobody (the demo and the simulator run any time).
  if (telephony.mode === 'twilio') assertCallingHours(deps, phone, input.candidate?.timezone);
  const nowIso = deps.now().toISOString();
  if (!(await hasOpenSlot(db, nowIso))) throw conflict('no_open_slots', 'No interview slot is open; add slots with INTERVIEW_SLOTS.');

  // The simulator lets us choose the CallSid; with Twilio the row waits under a provisional id for the real one.
  const provisional = telephony.mode === 'simulated' ? newCallSid() : `pending-${randomUUID()}`;
  await insertSession(db, {
    call_sid: provisional,
    candidate_name: candidate.name,
    candidate_phone: phone,
    candidate_email: candidate.email,
    candidate_position: candidate.position,
    candidate_company: candidate.company,
    candidate_timezone: candidate.timezone,
    status: 'active',
    outcome: null,
    start_time: nowIso,
    end_time: null,
    confirmed_slot: null,
    confirmed_slot_start: null,
    slot_id: null,
    state: JSON.stringify(initialState(candidate, config.MAX_TURNS)),
    telephony: telephony.mode,
    twilio_status: 'queued',
    duration_seconds: null,
    answered_by: null,
    error_code: null,
    error_message: null,
    updated_at: nowIso,
  });

  const base = deps.webhookBase.url;
  try {
    const placed = await telephony.placeCall({
      to: phone,
      from: config.TWILIO_PHONE_NUMBER ?? '+15005550006',
      url: `${base}/twilio-voice`,
      statusCallback: `${base}/twilio-status`,
      ...(provisional.startsWith('CA') ? { callSid: provisional } : {}),
      ...(input.simulate === undefined ? {} : { simulate: input.simulate }),
    });
    if (placed.callSid !== provisional) await renameCallSid(db, provisional, placed.callSid);
    logger.info({ callSid: placed.callSid, telephony: telephony.mode, phone }, 'call placed');
    return { callSid: placed.callSid, status: placed.status };
  } catch (err) {
    const failure =
      err instanceof TelephonyError ? err : new TelephonyError('The call could not be placed', 502, 'telephony_error', false);
    await updateSession(db, provisional, {
      status: 'failed',
      outcome: 'error',
      end_time: deps.now().toISOString(),
      error_code: failure.code,
      error_message: failure.message,
      updated_at: deps.now().toISOString(),
    });
    logger.warn({ callSid: provisional, code: failure.code, err }, 'call could not be placed');
    throw new AppError('twilio_error', failure.message, failure.httpStatus, {
      twilio_code: failure.code,
      conversation: provisional,
    });
  }
}

function resolveCandidate(deps: Deps, input: CandidateInput): { candidate: Candidate; phone: string } {
  const { config } = deps;
  const rawPhone = input.phone ?? config.CANDIDATE_PHONE;
  if (rawPhone === undefined) {
    throw invalid('No candidate phone: pass candidate.phone or set CANDIDATE_PHONE.', { field: 'phone' });
  }
  const phone = normalizePhone(rawPhone);
  const timezone = input.timezone ?? config.INTERVIEW_TIMEZONE;
  if (!isValidZone(timezone)) throw invalid(`Unknown time zone "${timezone}" (use an IANA name such as America/Chicago).`);
  const candidate: Candidate = {
    name: input.name ?? config.CANDIDATE_NAME,
    email: input.email ?? config.CANDIDATE_EMAIL ?? null,
    position: input.position ?? config.CANDIDATE_POSITION,
    company: input.company ?? config.CANDIDATE_COMPANY,
    timezone,
  };
  // These are spoken: a control character would make every prompt's TwiML fail (and NUL the insert on PostgreSQL).
  for (const field of ['name', 'position', 'company'] as const) {
    if (!isPlainText(candidate[field])) {
      throw invalid(`candidate.${field} contains a control character or another character a phone prompt cannot carry.`, { field });
    }
  }
  return { phone, candidate };
}
