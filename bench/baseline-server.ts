/**
 * The baseline: a bare Fastify route answering a constant, in its own process (no logger, no plugins; one
 * onRequest hook that notes the time, for the Server-Timing header below).
 * It accepts the same signed form posts as the service (the body is read as a string and ignored), so the
 * load generator sends byte-for-byte the same requests to both.
 *   PORT=8123 node --import tsx bench/baseline-server.ts
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

const CONSTANT = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello.</Say></Response>';

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.get('/health', async () => ({ ok: true }));
// The service's webhooks say their own time in a Server-Timing header, from routing to the answer (Fastify's
// reply.elapsedTime, which a logger-less app does not keep): the same span here, from an onRequest hook.
const started = new WeakMap<FastifyRequest, number>();
app.addHook('onRequest', (request, _reply, done) => {
  started.set(request, performance.now());
  done();
});
const answer = (request: FastifyRequest, reply: FastifyReply) =>
  reply
    .type('text/xml')
    .header('server-timing', `app;dur=${(performance.now() - (started.get(request) ?? performance.now())).toFixed(3)}`)
    .send(CONSTANT);
app.post('/twilio-voice', async (request, reply) => answer(request, reply));
app.post('/twilio-process', async (request, reply) => answer(request, reply));

await app.listen({ port: Number(process.env.PORT ?? 8123), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
