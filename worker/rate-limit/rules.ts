import type { LimitRule } from './limiter'

const MINUTE = 60_000

/**
 * The limits on the account routes. Subjects are pseudonyms (hashes) of IPs, emails and
 * provider subjects, never the values themselves.
 *
 * Login is the one that matters for account takeover and for denial of service:
 * - every attempt counts per IP (`login-ip`), generous because schools and offices share
 *   one address;
 * - failures count per (account, IP) (`login-fail-account-ip`): strict, so one address
 *   gets a handful of guesses at one account per quarter hour;
 * - failures count per account (`login-fail-account`) with a much higher ceiling, which
 *   slows a guesser spread over many addresses.
 * Nothing locks the account: the strict counter only blocks the address that failed, and
 * the owner from any other address gets in unless a distributed attack is, at that very
 * hour, producing failures faster than the account-wide ceiling — and a success from an
 * address clears that address's failures.
 */
export const LIMITS = {
  registerPerIp: { name: 'register-ip', limit: 20, windowMs: 60 * MINUTE },
  registerPerAccount: { name: 'register-account', limit: 5, windowMs: 60 * MINUTE },
  loginPerIp: { name: 'login-ip', limit: 100, windowMs: 10 * MINUTE },
  loginFailuresPerAccountAndIp: { name: 'login-fail-account-ip', limit: 5, windowMs: 15 * MINUTE },
  loginFailuresPerAccount: { name: 'login-fail-account', limit: 50, windowMs: 60 * MINUTE },
  refreshPerIp: { name: 'refresh-ip', limit: 300, windowMs: MINUTE },
  refreshPerAccount: { name: 'refresh-account', limit: 20, windowMs: MINUTE },
  socialPerIp: { name: 'social-ip', limit: 60, windowMs: 10 * MINUTE },
  socialPerAccount: { name: 'social-account', limit: 20, windowMs: 10 * MINUTE },
} as const satisfies Record<string, LimitRule>
