/**
 * Every sentence of the candidate's pages in English: the reference catalog. The other languages have exactly these
 * keys (the compiler checks it through `Catalog`, and test/pages/catalogs.test.ts checks the keys and placeholders).
 * `{name}` is replaced by a value (escaped by the page); nothing else is markup.
 */
export const en = {
  'manage.title': 'Your interview with {company}',
  'manage.heading': 'Your interview',
  'alert.slot_unavailable': 'That time was just taken or is no longer open. Your interview has not changed: please pick another time.',
  'alert.no_slot_chosen': 'Please choose a new time before pressing “{button}”.',
  'keep.heading': 'Keep this time',
  'keep.text': 'Nothing else to do: we’ll see you then.',
  'keep.button': 'Keep my interview',
  'move.heading': 'Move to another time',
  'move.none': 'No other times are open right now. You can keep this time or cancel.',
  'move.zone': 'Times are in {zone}.',
  'move.button': 'Move my interview',
  'cancel.heading': 'Cancel the interview',
  'cancel.reason': 'Reason (optional)',
  'cancel.hint': 'It helps the hiring team. Cancelling gives your time to someone else.',
  'cancel.button': 'Cancel my interview',
  'details.when': 'When',
  'details.length': 'Length',
  'details.format': 'Format',
  'details.where': 'Where',
  'details.with': 'With',
  'details.interviewer_time': '{time} for the interviewer',
  'kept.title': 'Your interview is confirmed',
  'kept.heading': 'You’re all set',
  'kept.text': 'Your interview stays as booked. See you then!',
  'link.change': 'Change or cancel it',
  'moved.title': 'Your interview is moved',
  'moved.heading': 'Your interview is moved',
  'moved.sent':
    'Your interview is now at the time below. Updated details are on their way to you; links you received before no longer work.',
  'moved.not_sent':
    'Your interview is now at the time below. Please make a note of it: we have no way to send you the new details by email or text. ' +
    'Links you received before no longer work.',
  'cancelled.title': 'Your interview is cancelled',
  'cancelled.heading': 'Your interview is cancelled',
  'cancelled.sent':
    'Your interview is cancelled and the time is free for someone else. A confirmation is on its way to ' +
    'you. Thank you for letting us know.',
  'cancelled.not_sent': 'Your interview is cancelled and the time is free for someone else. Thank you for letting us know.',
  'problem.not_found.title': 'This link doesn’t work',
  'problem.not_found.text':
    'We could not find an interview for this link. Check that you opened the whole link from your email or text message.',
  'problem.expired.title': 'This link has expired',
  'problem.expired.text': 'Links to change an interview work until the interview starts. If you need help, contact the hiring team.',
  'problem.used.title': 'This link was replaced',
  'problem.used.text': 'Your interview was moved, and the new details came with a new link. Please use the most recent link you received.',
  'problem.cancelled.title': 'This interview is cancelled',
  'problem.cancelled.text': 'There is no interview booked for this link any more. If this is a mistake, contact the hiring team.',
  'problem.rate_limited.title': 'Too many requests',
  'problem.rate_limited.text': 'Please wait a minute, then try again.',
  'problem.bad_request.title': 'That request could not be read',
  'problem.bad_request.text': 'Please go back, reload the page and try again.',
  'problem.error.title': 'Something went wrong on our side',
  'problem.error.text': 'Nothing was changed. Please try again in a few minutes.',
} as const;
