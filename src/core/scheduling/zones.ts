/** True for a time zone name the runtime knows (IANA, e.g. America/Chicago). */
export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
