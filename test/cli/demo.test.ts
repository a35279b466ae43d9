import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run demo` as a user runs it (its own process, the service on defaults), with its outbox in a fresh directory. */
function runDemo(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'TELEPHONY', 'SMTP_URL', 'CLOCK_SPEED', 'CLOCK_EPOCH']) delete env[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ic-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('books, says what it sends, and prints the outbox files it wrote and the reschedule link', async () => {
    const { code, stdout, stderr } = await runDemo(dir);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Status: completed (scheduled)');
    expect(stdout).toContain("I'll send the details to your email, with a calendar invite, and by text message.");
    const email = /Email \(confirmation\) to jordan@example\.com: sent \((.+\.eml)\)/.exec(stdout)?.[1];
    const text = /Text \(confirmation\) to \+14155550123: sent \((.+\.json)\)/.exec(stdout)?.[1];
    const link = /Reschedule or cancel: (http:\/\/127\.0\.0\.1:\d+\/b\/[\w-]{43})\n/.exec(stdout)?.[1];
    expect(
      [email, text, link].every((v) => v !== undefined),
      stdout,
    ).toBe(true);
    // The files are where the demo says, in the DATA_DIR given: the email with its invite, the text with the link.
    expect(email?.startsWith(join(dir, 'outbox'))).toBe(true);
    const mail = await simpleParser(readFileSync(email ?? ''));
    expect(mail.subject).toMatch(/^Interview confirmed: Software Engineer at TechCorp/);
    expect(mail.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);
    expect(mail.text).toContain(link);
    const sms = JSON.parse(readFileSync(text ?? '', 'utf8')) as { to: string; body: string };
    expect(sms.to).toBe('+14155550123');
    expect(sms.body).toContain(link);
    // The reminders are queued for later, not sent now.
    expect(stdout).toMatch(/Email \(reminder\) to jordan@example\.com: queued for \d{4}-/);
  }, 120_000);
});
