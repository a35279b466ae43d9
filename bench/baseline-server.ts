/**
 * The baseline: a bare Fastify route answering a constant, in its own process (no logger, no plugins).
 * It accepts the same signed form posts as the service (the body is read as a string and ignored), so the
 * load generator sends byte-for-byte the same requests to both.
 *   PORT=8123 node --import tsx bench/baseline-server.ts
 */
import Fastify from 'fastify';

const CONSTANT = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello.</Say></Response>';

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.get('/health', async () => ({ ok: true }));
app.post('/twilio-voice', async (_request, reply) => reply.type('text/xml').send(CONSTANT));
app.post('/twilio-process', async (_request, reply) => reply.type('text/xml').send(CONSTANT));

await app.listen({ port: Number(process.env.PORT ?? 8123), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
