import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ServerMessage } from '../../shared/speaking-messages'
import { holdTest } from '../emulators/nova-sonic/candidate-app'
import { candidateScript } from '../emulators/nova-sonic/candidate-script'
import type { LocalCommand } from '.'
import { adminCall } from './purchase'

const USAGE = 'speak [academic_speaking|general_speaking] [--email E --password P]'
const MODULES = ['academic_speaking', 'general_speaking'] as const
type SpeakingModule = (typeof MODULES)[number]
type Json = Record<string, unknown>

export type SpeakOptions = {
  /** The running worker, e.g. http://127.0.0.1:8787 */
  apiUrl: string
  /** The data directory of the running `npm run dev` (its `worker.env` names the emulators). */
  dataDir: string
  module: SpeakingModule
  /** An existing account; a fresh one is registered otherwise. */
  credentials?: { email: string; password: string }
  print?: (line: string) => void
  /** How long to wait for the test to finish and be scored. */
  timeoutMs?: number
}

export type SpeakOutcome = {
  sessionId: string
  events: ServerMessage[]
  examinerAudioBytes: number
  /** `GET /api/nova-sonic/sessions/:id` once scored (or failed). */
  session: Json
}

/**
 * Holds a whole scripted speaking test against the running dev stack, as the app would:
 * signs up (or in), buys the module with a sandbox App Store purchase minted by the local
 * Apple emulator, starts a session, scripts the Nova Sonic emulator's candidate (what it
 * "hears" for each turn), streams generated 16 kHz audio for each answer, prints every
 * event, and waits for the scored result.
 *
 * @example
 * const outcome = await runSpeakingSession({ apiUrl, dataDir, module: 'academic_speaking' })
 */
export async function runSpeakingSession(options: SpeakOptions): Promise<SpeakOutcome> {
  const print = options.print ?? ((line: string) => console.log(line))
  const api = apiClient(options.apiUrl)
  const { token, userId } = await signIn(api, options.credentials)
  const minted = await adminCall(options.dataDir, 'apple', '/_admin/transactions', {
    module: options.module,
    userId,
  })
  await api('POST', '/api/purchases/apple', { signedTransaction: minted.signedTransaction }, token)
  const created = await api('POST', '/api/nova-sonic/sessions', { module: options.module }, token, {
    'idempotency-key': crypto.randomUUID(),
  })
  const sessionId = created.id as string
  const env = workerEnv(options.dataDir)
  const scale = env.SPEAKING_TIME_SCALE ?? '1'
  print(`session ${sessionId} (${options.module}); speaking timers × ${scale}`)
  if (scale === '1') {
    print('A full-length test takes about 15 minutes; SPEAKING_TIME_SCALE=0.02 npm run dev: ~20 s.')
  }
  await scriptEmulator(env, sessionId)
  const firstUrl = created.streamUrl as string
  const reconnectUrl = firstUrl.replace(/\?.*$/, '')
  const { events, examinerAudioBytes } = await holdTest(
    { firstUrl, reconnectUrl, token },
    print,
    options.timeoutMs ?? 30 * 60_000,
  )
  print('scoring…')
  const session = await waitForResult(api, token, sessionId, options.timeoutMs ?? 5 * 60_000)
  printResult(session, print)
  return { sessionId, events, examinerAudioBytes, session }
}

type Api = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers?: Record<string, string>,
) => Promise<Json>

function apiClient(apiUrl: string): Api {
  return async (method, path, body, token, headers = {}) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await res.json()) as Json
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
}

async function signIn(api: Api, credentials?: { email: string; password: string }) {
  const body = credentials ?? {
    email: `speak-${crypto.randomUUID()}@example.test`,
    password: `pw-${crypto.randomUUID()}`,
  }
  const answer = await api('POST', credentials ? '/api/auth/login' : '/api/auth/register', body)
  return { token: answer.accessToken as string, userId: (answer.user as { id: string }).id }
}

/** The variables `npm run dev` gave its worker (single- or JSON-double-quoted values). */
function workerEnv(dataDir: string): Record<string, string> {
  const file = join(dataDir, 'worker.env')
  if (!existsSync(file)) throw new Error(`No ${file}: start \`npm run dev\` first.`)
  const vars: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=')
    if (at <= 0) continue
    const raw = line.slice(at + 1)
    vars[line.slice(0, at)] = raw.startsWith('"') ? JSON.parse(raw) : raw.replace(/^'|'$/g, '')
  }
  return vars
}

async function scriptEmulator(env: Record<string, string>, sessionId: string): Promise<void> {
  const emulator = env.NOVA_SONIC_EMULATOR_URL
  if (!emulator) {
    throw new Error('The Nova Sonic emulator is not in worker.env: is `npm run dev` using AWS?')
  }
  const res = await fetch(`${emulator}/__emulator/sessions/${sessionId}`, {
    method: 'PUT',
    body: JSON.stringify(candidateScript()),
  })
  if (!res.ok) throw new Error(`Nova Sonic emulator: ${res.status} ${await res.text()}`)
}

async function waitForResult(api: Api, token: string, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const session = await api('GET', `/api/nova-sonic/sessions/${id}`, undefined, token)
    if (session.state === 'scored' || session.state === 'failed') return session
    if (Date.now() > deadline) throw new Error(`Not scored in time: state ${session.state}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

function printResult(session: Json, print: (line: string) => void): void {
  if (session.state !== 'scored') {
    print(`not scored: ${JSON.stringify(session.failure)}`)
    return
  }
  const result = session.result as {
    criteria: { name: string; band: number }[]
    pronunciation: { band: number; observations: number } | null
    pronunciationNote: string | null
  }
  const criteria = result.criteria.map((c) => `${c.name} ${c.band}`)
  const pronunciation = result.pronunciation
    ? `Pronunciation ${result.pronunciation.band} (${result.pronunciation.observations} observations)`
    : `Pronunciation not assessed: ${result.pronunciationNote}`
  print(`overall band ${session.overallBand}${session.provisional ? ' (provisional)' : ''}`)
  print(`  ${[...criteria, pronunciation].join('\n  ')}`)
  print(`  assessment ${session.assessmentId} (GET /api/assessments/${session.assessmentId})`)
}

/** Parses `[module] [--email E --password P]`. */
export function parseSpeakArgs(args: string[]): Pick<SpeakOptions, 'module' | 'credentials'> {
  const positional: string[] = []
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith('--')) positional.push(arg)
    else if (arg === '--email' || arg === '--password') flags[arg.slice(2)] = args[++i] ?? ''
    else throw new Error(`unknown option ${arg}\nusage: npm run local -- ${USAGE}`)
  }
  const module = (positional[0] ?? 'academic_speaking') as SpeakingModule
  if (!MODULES.includes(module) || positional.length > 1) {
    throw new Error(`usage: npm run local -- ${USAGE}`)
  }
  if (!flags.email !== !flags.password) throw new Error('give both --email and --password')
  const credentials = flags.email
    ? { email: flags.email, password: flags.password ?? '' }
    : undefined
  return { module, credentials }
}

/** `npm run local -- speak [module]`: a whole scripted speaking test against `npm run dev`. */
export const speakCommand: LocalCommand = {
  name: 'speak',
  usage: USAGE,
  summary: 'hold a whole scripted speaking test (emulated examiner) and print the result',
  async run(args, stack) {
    const parsed = parseSpeakArgs(args)
    await runSpeakingSession({ apiUrl: stack.apiUrl, dataDir: stack.dataDir, ...parsed })
  },
}
