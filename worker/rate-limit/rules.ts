import type { LimitRule } from './limiter'

const MINUTE = 60_000

/**
 * The limits on the account routes. Subjects are pseudonyms (hashes) of IPs (an IPv6
 * caller by its /64, see `clientIp`), emails and provider subjects, never the values.
 *
 * Login is the one that matters for account takeover and for denial of service:
 * - every attempt counts per IP (`login-ip`), generous because schools and offices share
 *   one address;
 * - failures count per (account, IP) (`login-fail-account-ip`): strict, so one address
 *   gets a handful of guesses at one account per quarter hour;
 * - failures count per account (`login-fail-account`), with a much higher ceiling that
 *   binds only the addresses that have themselves failed at this account within the
 *   hour: once a guesser spread over many addresses reaches it, each of those addresses
 *   is out until the hour ends, and each new address gets one guess before joining them.
 * Nothing locks the account: an address that has not failed at it this hour — the owner
 * on their phone or at home — is never refused by the failure counters, and the right
 * password from an address clears that address's failures. The price: a distributed
 * guesser still gets one guess per fresh address (per IPv4 address or IPv6 /64) per hour
 * past the ceiling, on top of `login-ip`; and an owner who mistypes from a fresh address
 * while such an attack is past the ceiling waits for the hour like the attackers do.
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
