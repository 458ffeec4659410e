import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LocalCommand } from '.'

const USAGE = 'id-token <apple|google> <email> [--sub <id>] [--nonce <raw nonce>]'

/**
 * `npm run local -- id-token apple ada@example.com --nonce n-123`: prints an ID token
 * signed by the running dev stack's identity-provider emulator, ready for
 * `POST /api/auth/apple {identityToken, nonce}` or `POST /api/auth/google {idToken, nonce}`.
 */
export const idTokenCommand: LocalCommand = {
  name: 'id-token',
  usage: USAGE,
  summary: 'print an Apple or Google ID token the local worker accepts',
  async run(args, stack) {
    const { provider, email, sub, nonce } = parseArgs(args)
    const emulator = emulatorUrl(stack.dataDir, provider)
    const res = await fetch(`${emulator}/mint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider, email, sub, nonce }),
    })
    if (!res.ok) throw new Error(`minting failed: ${res.status} ${await res.text()}`)
    const { token } = (await res.json()) as { token: string }
    console.log(token)
  },
}

/** Parses `<provider> <email> [--sub S] [--nonce N]`; throws the usage line otherwise. */
export function parseArgs(args: string[]) {
  const [provider, email, ...rest] = args
  const options: Record<string, string> = {}
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]
    const value = rest[i + 1]
    if ((flag !== '--sub' && flag !== '--nonce') || value === undefined) usage()
    options[flag.slice(2)] = value
  }
  if ((provider !== 'apple' && provider !== 'google') || !email?.includes('@')) usage()
  return { provider: provider as 'apple' | 'google', email, sub: options.sub, nonce: options.nonce }
}

function usage(): never {
  throw new Error(`usage: npm run local -- ${USAGE}`)
}

/** The emulator's address, from the worker environment `npm run dev` wrote. */
function emulatorUrl(dataDir: string, provider: 'apple' | 'google'): string {
  const env = readFileSync(join(dataDir, 'worker.env'), 'utf8')
  const name = provider === 'apple' ? 'APPLE_JWKS_URL' : 'GOOGLE_JWKS_URL'
  const line = env.split('\n').find((l) => l.startsWith(`${name}=`))
  if (!line) throw new Error(`${name} is not in ${dataDir}/worker.env: is the dev stack running?`)
  return new URL(unquote(line.slice(name.length + 1))).origin
}

/** A dotenv value: double-quoted (JSON string), single-quoted (literal) or bare. */
function unquote(value: string): string {
  if (value.startsWith('"')) return JSON.parse(value) as string
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1)
  return value
}
