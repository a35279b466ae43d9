/**
 * Failed sign-ins counted per account and per client address over a window: past either limit, every attempt for
 * that account or from that address is refused (429), the right password included, until the window has passed.
 * In memory, per process: with several instances each one counts its own (an attacker gets limit × instances).
 */
export interface LoginThrottle {
  /** True when an attempt for this account from this address may be tried now. */
  allows(account: string, ip: string): boolean;
  /** Counts a failed attempt. */
  failed(account: string, ip: string): void;
  /** A success forgets the account's failures (the address keeps its own). */
  succeeded(account: string): void;
}

export interface LoginThrottleOptions {
  now: () => Date;
  accountLimit: number;
  ipLimit: number;
  windowMs: number;
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = options.now().getTime() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    allows(account, ip) {
      return recent(`account|${account}`).length < options.accountLimit && recent(`ip|${ip}`).length < options.ipLimit;
    },
    failed(account, ip) {
      const at = options.now().getTime();
      for (const key of [`account|${account}`, `ip|${ip}`]) failures.set(key, [...recent(key), at]);
      // A flood of distinct accounts cannot grow the map without bound: the oldest keys go first.
      while (failures.size > 100_000) failures.delete(failures.keys().next().value ?? '');
    },
    succeeded(account) {
      failures.delete(`account|${account}`);
    },
  };
}
