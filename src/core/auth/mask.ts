/** Keys whose values are phone numbers in JSON answers; a viewer sees them masked. */
const PHONE_KEYS = new Set(['phone', 'phone_number', 'candidate_phone']);
/** Keys that hold a phone number only sometimes (a message's recipient, a call's ends): masked when they look like one. */
const MAYBE_PHONE_KEYS = new Set(['to', 'from']);
const LOOKS_LIKE_PHONE = /^\+\d{6,15}$/;

/** `+14155550123` → `+1••••••0123`: the country's first digit and the last four, so a viewer can still tell rows apart. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '••••';
  return `${value.startsWith('+') ? `+${digits[0] ?? ''}` : ''}••••••${digits.slice(-4)}`;
}

/** A copy of `value` with every phone number masked (plain JSON data: objects, arrays, scalars). */
export function maskPhones(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPhones);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && inner !== '' && (PHONE_KEYS.has(key) || (MAYBE_PHONE_KEYS.has(key) && LOOKS_LIKE_PHONE.test(inner)))) {
      out[key] = maskPhone(inner);
    } else {
      out[key] = maskPhones(inner);
    }
  }
  return out;
}

/** Digits, with the separators people type, and no letters: a phone number however it was written. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/**
 * Route parameters for the audit log: every value that looks like a phone number (7 digits or more, whatever its key:
 * an erasure takes a phone number as its `:id`) masked, so the log never becomes a copy of the erased data.
 */
export function maskPhoneLikeValues(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const phoneLike = typeof value === 'string' && PHONE_LIKE.test(value) && value.replace(/\D/g, '').length >= 7;
    out[key] = phoneLike ? maskPhone(value) : value;
  }
  return out;
}
