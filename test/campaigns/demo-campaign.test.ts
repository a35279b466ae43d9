import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm run demo -- --campaign` as a user would (its own process, the service on defaults) and returns its output. */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  // The demo's own defaults: simulated calls, SQLite in memory, the embedded engine.
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'TELEPHONY', 'CLOCK_SPEED', 'CLOCK_EPOCH', 'MAX_CONCURRENT_CALLS', 'TWILIO_CPS']) {
    delete env[name];
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts', '--campaign'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What each scripted behaviour must end as, whatever the order the calls ran in. */
const EXPECTED: Record<string, string> = {
  'Ana Park': 'scheduled',
  'Ben Ortiz': 'scheduled',
  'Cara Diaz': 'scheduled',
  'Dev Shah': 'scheduled',
  'Eli Brooks': 'unreachable',
  'Fay Moreno': 'scheduled',
  'Gus Lind': 'declined',
  'Hana Ito': 'scheduled',
  'Ivan Petrov': 'opted_out',
  'Jo Kim': 'wrong_number',
  'Kai Olsen': 'unreachable',
  'Lia Novak': 'scheduled',
  'Max Weber': 'unreachable',
  'Nia Brown': 'scheduled',
  'Omar Haddad': 'scheduled',
  'Pia Rossi': 'scheduled',
  'Quinn Hale': 'declined',
  'Rosa Lima': 'scheduled',
  'Sam Reed': 'scheduled',
  'Tess Grant': 'scheduled',
};

describe('npm run demo -- --campaign', () => {
  it('runs a campaign of 20 simulated candidates to its end and prints each one, the progress and the funnel', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^Campaign: finished, started .+, finished .+ \(\d+\.\d s of real time\)$/m);

    const finals = new Map<string, string>();
    const attempts = new Map<string, string[]>();
    for (const name of Object.keys(EXPECTED)) {
      const line = stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
      finals.set(name, line.trim().split(/\s+/).at(-1) ?? '');
      attempts.set(
        name,
        [...line.matchAll(/#(\d) \w{3} \d\d:\d\d (\w+)/g)].map((m) => `${m[1]} ${m[2]}`),
      );
    }
    expect(Object.fromEntries(finals), stdout).toEqual(EXPECTED);
    // Out of tries after three: each attempt's result printed, in order.
    expect(attempts.get('Eli Brooks')).toEqual(['1 busy', '2 busy', '3 busy']);
    expect(attempts.get('Max Weber')).toEqual(['1 voicemail', '2 voicemail', '3 voicemail']);
    expect(attempts.get('Kai Olsen')).toEqual(['1 machine', '2 machine', '3 machine']);
    // A person who said no, asked not to be called or was not the candidate is called once.
    for (const name of ['Gus Lind', 'Quinn Hale', 'Ivan Petrov', 'Jo Kim']) expect(attempts.get(name)).toHaveLength(1);
    expect(attempts.get('Hana Ito')?.[0]).toBe('1 callback');
    expect(attempts.get('Fay Moreno')?.[0]).toBe('1 voicemail');

    // Every candidate ended: nobody is left new, calling or waiting for a call back.
    expect(stdout).toMatch(/^Candidates: scheduled 13, unreachable 3, declined 2, opted_out 1, wrong_number 1$/m);
    const funnel = /attempts per booking: (\d+\.\d\d); voicemail rate: (\d+)%/.exec(stdout);
    expect(funnel, stdout).not.toBeNull();
    expect(Number(funnel?.[1])).toBeGreaterThan(1);
    expect(Number(funnel?.[2])).toBeGreaterThan(0);
    expect(stdout).toMatch(/^ {2}reach by attempt: #1 \d+\/20 \(\d+%\) · #2 \d+\/\d+ \(\d+%\) · #3 \d+\/\d+ \(\d+%\)$/m);
  }, 120_000);
});
