import { env } from 'cloudflare:workers'
import type { ModuleId } from '../../../shared/modules'
import { grantSlotsOp } from '../../../worker/entitlements/slots'
import type { SpeakingSessionObject } from '../../../worker/speaking/live/session-object'
import { pcm16k, scriptSession } from '../nova-sonic/support'
import { callApp, dataClient } from '../support/stack'
import { authHeaders, type Call, registerUser, type TestUser } from '../support/users'

export { scriptSession, sessionRecord } from '../nova-sonic/support'

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field and assert them
export type Json = Record<string, any>

/** A whole test in about ten seconds: every server-side timer at 1/100. */
export const FAST = 0.01

/** The API with the speaking timers scaled (the session keeps the scale it was created with). */
export function speakingApp(timeScale = FAST): Call {
  return callApp({ ...env, SPEAKING_TIME_SCALE: String(timeScale) })
}

export const sessions = () => env.SPEAKING_SESSIONS as DurableObjectNamespace<SpeakingSessionObject>
export const sessionStub = (id: string) => sessions().get(sessions().idFromName(id))

/** A registered user with `count` slots of `module`. */
export async function userWithSlots(
  call: Call,
  module: ModuleId = 'academic_speaking',
  count = 1,
): Promise<TestUser> {
  const user = await registerUser(call)
  await dataClient().write([grantSlotsOp(user.id, module, count, new Date().toISOString())], {
    homeRegion: user.homeRegion as 'us-east-1',
  })
  return user
}

export async function remainingSlots(user: TestUser, module: ModuleId = 'academic_speaking') {
  const res = await speakingApp()('/api/entitlements', { headers: authHeaders(user.accessToken) })
  const { entitlements } = (await res.json()) as {
    entitlements: { module: string; remaining: number; used: number }[]
  }
  return entitlements.find((e) => e.module === module)
}

export type Created = { id: string; state: string; streamUrl: string; expiresAt: string }

/** `POST /api/nova-sonic/sessions`; throws unless 201. */
export async function createSession(
  call: Call,
  user: TestUser,
  key: string = crypto.randomUUID(),
  module = 'academic_speaking',
): Promise<Created> {
  const res = await call('/api/nova-sonic/sessions', {
    method: 'POST',
    headers: authHeaders(user.accessToken, { 'idempotency-key': key }),
    body: JSON.stringify({ module }),
  })
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`)
  return (await res.json()) as Created
}

/** `GET /api/nova-sonic/sessions/:id` as `user`. */
export async function readSession(call: Call, user: TestUser, id: string) {
  const res = await call(`/api/nova-sonic/sessions/${id}`, {
    headers: authHeaders(user.accessToken),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

/** Polls the session until `test` holds (the result is scored by the object's alarm). */
export async function waitForSession(
  call: Call,
  user: TestUser,
  id: string,
  test: (body: Record<string, unknown>) => boolean,
  ms = 20_000,
) {
  const deadline = Date.now() + ms
  for (;;) {
    const { body } = await readSession(call, user, id)
    if (test(body)) return body
    if (Date.now() > deadline) throw new Error(`session never matched: ${JSON.stringify(body)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Opens the stream as the app would; answers the upgrade's status and, if 101, the socket. */
export async function openStream(call: Call, path: string, headers: Record<string, string> = {}) {
  const res = await call(path, { headers: { Upgrade: 'websocket', ...headers } })
  const socket = (res as Response & { webSocket: WebSocket | null }).webSocket
  if (res.status !== 101 || !socket) {
    return { status: res.status, body: (await res.json()) as Json, app: null }
  }
  socket.accept()
  return { status: 101, body: null, app: new TestApp(socket) }
}

/** The path of a `streamUrl` (the test calls the app directly, not over the network). */
export const pathOf = (url: string) => {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

type Event = Json & { type: string }

/** The app's side of the stream: records every event, counts audio, speaks on demand. */
export class TestApp {
  readonly events: Event[] = []
  audioFrames = 0
  audioBytes = 0
  closed: { code: number; reason: string } | null = null
  readonly #socket: WebSocket
  readonly #waiters: (() => void)[] = []
  onEvent: (event: Event) => void = () => {}

  constructor(socket: WebSocket) {
    this.#socket = socket
    socket.binaryType = 'arraybuffer'
    socket.addEventListener('message', (message) => {
      if (typeof message.data === 'string') {
        const event = JSON.parse(message.data) as Event
        this.events.push(event)
        this.onEvent(event)
      } else {
        this.audioFrames++
        this.audioBytes += (message.data as ArrayBuffer).byteLength
      }
      this.#wake()
    })
    socket.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason }
      this.#wake()
    })
  }

  send(message: unknown): void {
    this.#socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** Speaks for `ms` in 100 ms frames of 16 kHz LPCM, then pauses `pauseMs` (ends the turn). */
  speak(ms = 300, pauseMs = 400): void {
    if (this.closed || this.#socket.readyState !== WebSocket.OPEN) return
    for (let at = 0; at < ms; at += 100) this.#socket.send(pcm16k(100, true))
    for (let at = 0; at < pauseMs; at += 100) this.#socket.send(pcm16k(100, false))
  }

  close(): void {
    this.#socket.close(1000, 'bye')
  }

  of(type: string): Event[] {
    return this.events.filter((e) => e.type === type)
  }

  waitFor(test: (app: TestApp) => boolean, ms = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out; saw ${this.events.map((e) => e.type).join(',')}`)),
        ms,
      )
      const check = () => {
        if (!test(this)) return this.#waiters.push(check)
        clearTimeout(timer)
        resolve()
      }
      check()
    })
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter()
  }
}

/**
 * A scripted candidate: answers every examiner turn after a short pause, except during the
 * Part 2 preparation minute, where it waits for SPEAK_NOW.
 */
export function actAsCandidate(app: TestApp, delayMs = 150): void {
  let preparing = false
  app.onEvent = (event) => {
    if (event.type === 'part_started') preparing = event.part === 2
    if (event.type === 'notice' && event.code === 'SPEAK_NOW') {
      preparing = false
      setTimeout(() => app.speak(400), delayMs)
    }
    if (event.type === 'examiner_text' && event.final && !preparing) {
      setTimeout(() => app.speak(), delayMs)
    }
  }
}

/**
 * A test under way: created (charged), the examiner scripted, the stream open with a
 * scripted candidate who has answered once, so a transcript is in the object.
 */
export async function answeredTest(
  call: Call,
  user: TestUser,
  key?: string,
): Promise<{ created: Created; app: TestApp }> {
  const created = await createSession(call, user, key)
  await scriptSession(created.id, { pauseMs: 300 })
  const { app } = await openStream(call, pathOf(created.streamUrl))
  if (!app) throw new Error('no stream')
  actAsCandidate(app)
  app.send({ type: 'ready' })
  await app.waitFor((a) => a.of('user_transcript').length >= 1)
  return { created, app }
}

/** A test held to its end by the candidate and scored. */
export async function scoredTest(call: Call, user: TestUser, key?: string) {
  const test = await answeredTest(call, user, key)
  test.app.send({ type: 'finish' })
  await waitForSession(call, user, test.created.id, (b) => b.state === 'scored')
  return test
}
