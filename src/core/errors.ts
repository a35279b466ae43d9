/** One error family for the whole service: a string `code` clients can rely on and the HTTP status to answer. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, 404);
export const invalid = (message: string, details?: Record<string, unknown>) => new AppError('invalid_request', message, 422, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new AppError(code, message, 409, details);
