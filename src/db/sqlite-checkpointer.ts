import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code: its own better-sqlite3 connection to the same file, running a PASSIVE checkpoint on a timer.
 * PASSIVE never waits for or blocks a writer; it copies what the WAL holds into the database file and lets the WAL
 * start over. Errors go back to the main thread; the worker keeps trying.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.filename, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String((err && err.message) || err));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread every `intervalMs`, so that no webhook's commit pays for
 * it. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: on this project's
 * benchmark machine that commit stalled for 10–40 ms, and one turn in ~125 paid it (the calls-in-progress p99 was
 * 23–28 ms with it and 12–15 ms without). `onStopped` is told when the worker fails or exits on its own, so the
 * caller can give the checkpointing back to SQLite.
 */
export function startCheckpointer(options: {
  filename: string;
  intervalMs: number;
  onError?: (err: Error) => void;
  onStopped?: () => void;
}): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { module, filename: options.filename, intervalMs: options.intervalMs } });
  worker.unref();
  let stopping = false;
  worker.on('message', (message: unknown) => options.onError?.(new Error(`checkpoint: ${String(message)}`)));
  worker.on('error', (err) => options.onError?.(err));
  worker.on('exit', () => {
    if (!stopping) options.onStopped?.();
  });
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      // Held (ref'd) while stopping: a process awaiting close() must not see an empty event loop and exit early.
      worker.ref();
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((done) => (timer = setTimeout(done, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
