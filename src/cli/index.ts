/**
 * `npm run --silent cli -- <command> [args]`: one entry for the command-line tools.
 * Each command lives in its own module and is loaded only when asked for.
 */
const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  understand: () => import('./understand.js'),
  'seed-demo': () => import('./seed-demo.js'),
  backup: () => import('./backup.js'),
  users: () => import('./users.js'),
  restore: async () => ({ run: (await import('./backup.js')).runRestore }),
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    process.stderr.write(`usage: npm run --silent cli -- <${Object.keys(commands).join('|')}> [args]\n`);
    return 2;
  }
  const command = await load();
  return command.run(args);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
