/**
 * Characters no prompt can carry: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and lone surrogates are not
 * allowed in XML 1.0, so TwiML cannot say them, and PostgreSQL text cannot hold NUL.
 */
const NOT_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is this expression's whole purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds none of the characters above. */
export function isPlainText(text: string): boolean {
  return !NOT_TEXT.test(text);
}
