import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';

/** The JSON error shape every route answers with: {error: {code, message}}; 5xx messages are hidden. */
export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ?? {}) } };
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body.' },
  // Raised by the router before any route runs (answered through Fastify's `frameworkErrors` option).
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_request', message: 'The URL is not validly encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'A path parameter is too long.' },
};

/** Maps any error to a status and a clear JSON body. */
export function jsonErrorHandler(
  this: FastifyInstance,
  err: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (err instanceof AppError) {
    return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
  }
  // Fastify's own errors carry these fields; any other error simply lacks them.
  const fe: Partial<FastifyError> = err;
  if (fe.validation !== undefined) {
    return reply.status(400).send(errorBody('invalid_request', `Invalid ${fe.validationContext ?? 'request'}: ${err.message}`));
  }
  const known = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code];
  if (known !== undefined) return reply.status(known.status).send(errorBody(known.code, known.message ?? err.message));
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    return reply.status(400).send(errorBody('invalid_json', 'The body is not valid JSON.'));
  }
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(errorBody(fe.statusCode === 429 ? 'rate_limited' : 'invalid_request', err.message));
  }
  request.log.error({ err }, 'request failed');
  return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side.'));
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (a URL or headers over 16 KB, a malformed
 * request line, a client too slow to send its headers): answered in the same {error: {code, message}} shape.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The URL or the headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'invalid_request', 'The HTTP request is malformed.'];
  this.log.debug({ code: err.code }, 'client error before routing');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(code, message));
    const head = [
      `HTTP/1.1 ${status} ${reason}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Content-Type: application/json; charset=utf-8',
      'Connection: close',
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
