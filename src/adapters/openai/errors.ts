import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';

/** Why a remote understanding attempt failed. `withFallback` counts fallbacks by this string. */
export type UnderstandingFailureReason =
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'malformed'
  | 'refused'
  | 'network'
  | 'schema'
  | 'aborted'
  | 'auth'
  | 'client_error'
  | 'unknown';

/** The only error the OpenAI understander throws. `reason` is stable; `cause` keeps the original error. */
export class UnderstandingError extends Error {
  override readonly name = 'UnderstandingError';
  constructor(
    readonly reason: UnderstandingFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Maps anything thrown while asking OpenAI to a reason. Order matters: the timeout error is a
 * subclass of the connection error, and every SDK error is an APIError.
 */
export function classifyOpenAIError(error: unknown): UnderstandingFailureReason {
  if (error instanceof UnderstandingError) return error.reason;
  if (error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIUserAbortError) return 'aborted';
  if (error instanceof APIConnectionError) return 'network';
  if (error instanceof RateLimitError) return 'rate_limited';
  if (error instanceof InternalServerError) return 'server_error';
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return 'auth';
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 408) return 'timeout';
    if (status === 429) return 'rate_limited';
    if (typeof status === 'number' && status >= 500) return 'server_error';
    if (typeof status === 'number' && status >= 400) return 'client_error';
    return 'unknown';
  }
  if (error instanceof SyntaxError) return 'malformed';
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timeout';
    if (error.name === 'AbortError') return 'aborted';
  }
  return 'unknown';
}

/** Wraps anything thrown into an UnderstandingError (unchanged if it already is one). */
export function toUnderstandingError(error: unknown): UnderstandingError {
  if (error instanceof UnderstandingError) return error;
  const reason = classifyOpenAIError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new UnderstandingError(reason, `OpenAI understanding failed (${reason}): ${message}`, { cause: error });
}
