import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The worker's own auth secrets for the local stack (never committed, never reused in AWS). */
export type LocalAuthSecrets = {
  /** `ACCESS_TOKEN_KEYS`: a JSON array with one private Ed25519 JWK carrying a `kid`. */
  ACCESS_TOKEN_KEYS: string
  /** `PASSWORD_PEPPER`: 32 random bytes, base64url. */
  PASSWORD_PEPPER: string
}

const FILE = 'auth-secrets.json'

/**
 * Generates the access-token signing key and the password pepper, or reads them back from
 * `<dataDir>/auth-secrets.json` so `npm run dev` keeps its users' passwords and sessions
 * valid across restarts (a new pepper would lock every stored password out). Tests pass
 * no directory and get fresh secrets each run.
 *
 * @example
 * const secrets = localAuthSecrets('.local-data') // { ACCESS_TOKEN_KEYS: '[{"kty":"OKP",…}]', PASSWORD_PEPPER: '…' }
 */
export function localAuthSecrets(dataDir?: string): LocalAuthSecrets {
  const file = dataDir ? join(dataDir, FILE) : undefined
  if (file && existsSync(file)) {
    const stored = readStored(file)
    if (stored) return stored
  }
  const secrets = generateSecrets()
  if (dataDir && file) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  }
  return secrets
}

/** A fresh Ed25519 signing key (private JWK with `kid`) and pepper. */
export function generateSecrets(now = new Date()): LocalAuthSecrets {
  const { privateKey } = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' })
  const kid = `local-${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`
  return {
    ACCESS_TOKEN_KEYS: JSON.stringify([{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }]),
    PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
  }
}

function readStored(file: string): LocalAuthSecrets | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalAuthSecrets>
    const keys = JSON.parse(parsed.ACCESS_TOKEN_KEYS ?? 'null') as unknown
    if (Array.isArray(keys) && keys.length > 0 && typeof parsed.PASSWORD_PEPPER === 'string') {
      return {
        ACCESS_TOKEN_KEYS: parsed.ACCESS_TOKEN_KEYS!,
        PASSWORD_PEPPER: parsed.PASSWORD_PEPPER,
      }
    }
  } catch {
    // A damaged file is replaced below, as a missing one would be.
  }
  return undefined
}
