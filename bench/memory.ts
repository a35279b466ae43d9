/**
 * Part 5: server RSS with 1,000 calls in progress: each call created, answered (signed /twilio-voice) and one
 * reply in (signed /twilio-process turn 1), so every one is mid-conversation. RSS is the child's VmRSS.
 */
import { createClient } from './lib/load.js';
import type { ServerMode } from './lib/proc.js';
import { createCall, freshBenchDatabase, nextAction, signedForm, startService, twilioForm, type BenchDialect } from './lib/service.js';

export interface MemoryResult {
  dialect: BenchDialect;
  calls_in_progress: number;
  rss_idle_mb: number;
  rss_mb: number;
}

export async function benchMemory(options: { dialect: BenchDialect; mode: ServerMode; calls: number }): Promise<MemoryResult> {
  const database = await freshBenchDatabase(options.dialect);
  const service = await startService({ database, mode: options.mode }).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  try {
    const idle = service.child.rssMb();
    const client = createClient(service.url, 10);
    let next = 0;
    let peak = idle;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < options.calls) {
          const i = next++;
          const { callSid: sid, voicePath } = await createCall(service, client, i);
          const voice = signedForm(service.url, voicePath, twilioForm(sid));
          const greeting = await client.request('POST', voicePath, voice.headers, voice.body);
          const path = nextAction(greeting.body, service.url);
          if (path === undefined) throw new Error(`call ${sid} was not greeted: ${greeting.body.slice(0, 200)}`);
          const reply = signedForm(service.url, path, twilioForm(sid, { SpeechResult: 'um what times do you have', Confidence: '0.9' }));
          const res = await client.request('POST', path, reply.headers, reply.body);
          if (nextAction(res.body, service.url) === undefined) throw new Error(`call ${sid} ended early`);
          if (i % 100 === 0) peak = Math.max(peak, service.child.rssMb());
        }
      }),
    );
    client.close();
    // Let the process settle (timers, GC) and read RSS with every call still in progress.
    await new Promise((r) => setTimeout(r, 500));
    const rss = service.child.rssMb();
    return { dialect: options.dialect, calls_in_progress: options.calls, rss_idle_mb: round(idle), rss_mb: round(Math.max(rss, peak)) };
  } finally {
    await service.stop();
    await database.drop();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
