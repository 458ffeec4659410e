import { z } from 'zod'

/**
 * What a test (or the dev stack) wants the emulated Nova Sonic to do for one caller,
 * keyed by the session id the worker puts in the presigned URL's `user-agent` parameter
 * (`… session/<id>`). Without a script the defaults give a plausible examiner.
 */
export const scriptSchema = z.object({
  /** ASR text of the student's turns, by the order the emulator detects them (all streams). */
  studentTurns: z.array(z.string()).default([]),
  /** What the examiner says, in the order it responds; then generic lines. */
  examinerLines: z.array(z.string()).default([]),
  /** Record a pronunciation observation through the examiner's tool after these turns. */
  pronunciation: z
    .array(
      z.object({
        afterStudentTurn: z.number().int().positive(),
        input: z.record(z.string(), z.unknown()),
      }),
    )
    .default([]),
  /** Answer the first N upgrades with 503 (then accept). */
  refuseConnects: z.number().int().min(0).default(0),
  /** Never answer the first N upgrades (the client's connect timeout must fire). */
  hangConnects: z.number().int().min(0).default(0),
  /** Drop the stream (no close frame) right after these student turns are transcribed. */
  dropAfterStudentTurns: z.array(z.number().int().positive()).default([]),
  /** Close every stream at this age, as Bedrock does at 8 minutes. */
  streamLimitMs: z.number().int().positive().optional(),
  /**
   * Echo interactive text input back as a USER transcript before answering. Whether
   * Bedrock does this is not documented; the client must cope either way.
   */
  echoTextInput: z.boolean().default(false),
  /** Override of the pause that ends a student turn (ms of audio). */
  pauseMs: z.number().int().positive().optional(),
})
export type Script = z.infer<typeof scriptSchema>

/** What happened on one stream, for tests to inspect (never any audio). */
export type StreamRecord = {
  openedAt: string
  systemPrompt: string | null
  history: { role: string; text: string }[]
  userTexts: string[]
  eventCounts: Record<string, number>
  toolResults: { toolUseId: string; content: string }[]
  ended: 'client' | 'limit' | 'dropped' | 'protocol' | 'socket' | null
  failure: string | null
}

export type SessionRecord = {
  upgrades: number
  refused: number
  hung: number
  studentTurns: number
  examinerTurns: number
  streams: StreamRecord[]
}

/** Scripts and records by session key. */
export class ScriptStore {
  readonly #scripts = new Map<string, Script>()
  readonly #records = new Map<string, SessionRecord>()

  set(key: string, script: unknown): Script {
    const parsed = scriptSchema.parse(script)
    this.#scripts.set(key, parsed)
    this.#records.delete(key)
    return parsed
  }

  script(key: string): Script {
    return this.#scripts.get(key) ?? scriptSchema.parse({})
  }

  record(key: string): SessionRecord {
    let record = this.#records.get(key)
    if (!record) {
      record = { upgrades: 0, refused: 0, hung: 0, studentTurns: 0, examinerTurns: 0, streams: [] }
      this.#records.set(key, record)
    }
    return record
  }

  newStream(key: string, now: Date): StreamRecord {
    const stream: StreamRecord = {
      openedAt: now.toISOString(),
      systemPrompt: null,
      history: [],
      userTexts: [],
      eventCounts: {},
      toolResults: [],
      ended: null,
      failure: null,
    }
    this.record(key).streams.push(stream)
    return stream
  }
}

const SESSION_IN_USER_AGENT = /\bsession\/([A-Za-z0-9_-]{1,128})/

/** The session key in a `user-agent` value, or `anonymous`. */
export function sessionKeyOf(userAgent: string | null): string {
  return SESSION_IN_USER_AGENT.exec(userAgent ?? '')?.[1] ?? 'anonymous'
}
