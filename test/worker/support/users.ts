import { exports } from 'cloudflare:workers'

/** Calls the API: `callApp(bindings)` from `./stack`, or the worker itself by default. */
export type Call = (path: string, init?: RequestInit) => Response | Promise<Response>

/** A registered user and their first session. */
export type TestUser = {
  id: string
  email: string
  password: string
  accessToken: string
  refreshToken: string
  homeRegion: string
}

/** The deployed worker's own entry point (`exports.default.fetch`). */
export const callWorker: Call = (path, init) =>
  exports.default.fetch(new Request(`http://api.test${path}`, init))

/** The body of a successful register, login or social sign-in. */
export type SignedInBody = {
  user: { id: string; email: string }
  accessToken: string
  refreshToken: string
  expiresIn: number
  tokenType: 'Bearer'
}

/** A fresh address per call, so tests never share a per-IP rate-limit bucket. */
export function randomIp(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1
  return `10.${byte()}.${byte()}.${byte()}`
}

/** A unique email under a reserved domain. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${crypto.randomUUID()}@example.test`
}

/** A password no list has seen. */
export function strongPassword(): string {
  return `pw-${crypto.randomUUID()}`
}

/** `Authorization: Bearer <token>` (and JSON), for authenticated calls. */
export function authHeaders(token: string, extra: Record<string, string> = {}) {
  return { Authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra }
}

/** A JSON POST with a fresh client address. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp(), ...headers },
    body: JSON.stringify(body),
  }
}

/** The claims of a JWT, unverified (tests only). */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? ''
  return JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/')))
}

/**
 * Registers a user through the real API (unique email each call) and answers their id,
 * credentials, first tokens and home region.
 *
 * @example
 * const user = await registerUser()
 * await callWorker('/api/entitlements', { headers: authHeaders(user.accessToken) })
 */
export async function registerUser(
  call: Call = callWorker,
  overrides: { email?: string; password?: string; ip?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail()
  const password = overrides.password ?? strongPassword()
  const res = await call(
    '/api/auth/register',
    postJson({ email, password }, { 'cf-connecting-ip': overrides.ip ?? randomIp() }),
  )
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as {
    user: { id: string; email: string }
    accessToken: string
    refreshToken: string
  }
  return {
    id: body.user.id,
    email: body.user.email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    homeRegion: String(jwtClaims(body.accessToken).hr),
  }
}
