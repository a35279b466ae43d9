import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Whether the Redis server at `url` (redis:// or rediss://, with an optional user and password) answers PING, over
 * a plain socket: readiness needs one round trip, not a client library. Resolves 'ok' or why not; never throws.
 */
export function pingRedis(url: string, timeoutMs = 1000): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve('unreachable: REDIS_URL does not parse');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port === '' ? 6379 : parsed.port);
  const password = decodeURIComponent(parsed.password);
  const user = decodeURIComponent(parsed.username);
  const commands = [...(password === '' ? [] : [user === '' ? ['AUTH', password] : ['AUTH', user, password]]), ['PING']];
  return new Promise((resolve) => {
    const socket: Socket = parsed.protocol === 'rediss:' ? tlsConnect({ host, port, servername: host }) : tcpConnect({ host, port });
    let answer = '';
    const finish = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(`unreachable: no answer in ${timeoutMs} ms`), timeoutMs);
    socket.once(parsed.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(commands.map(resp).join('')));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.startsWith('-')) finish(`error: ${answer.split('\r\n')[0]?.slice(1) ?? ''}`);
      else if (answer.includes('+PONG\r\n')) finish('ok');
    });
    socket.once('error', (err) => finish(`unreachable: ${err.message}`));
    socket.once('close', () => finish('unreachable: the connection closed'));
  });
}

/** One command in RESP, the protocol's array of bulk strings (safe for any byte in a password). */
function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}
