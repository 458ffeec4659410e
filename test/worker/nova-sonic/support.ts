import { env } from 'cloudflare:workers'
import type { StreamSetup } from '../../../worker/nova-sonic/build-events'
import { createSonicConversation, type SonicClientOptions } from '../../../worker/nova-sonic/client'
import type { ConversationEvent } from '../../../worker/nova-sonic/normalize'
import { readConfig } from '../../../worker/services/config'

/** The emulator's admin API (its address comes from the local stack's vars). */
const emulator = () => env.NOVA_SONIC_EMULATOR_URL as string

export const credentials = () => ({
  accessKeyId: env.EDGE_AWS_ACCESS_KEY_ID as string,
  secretAccessKey: env.EDGE_AWS_SECRET_ACCESS_KEY as string,
})

export const sonicConfig = () => readConfig(env).novaSonic

/** A session key no other test uses. */
export const sessionKey = (label: string) => `${label}-${crypto.randomUUID()}`

export async function scriptSession(key: string, script: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emulator()}/__emulator/sessions/${key}`, {
    method: 'PUT',
    body: JSON.stringify(script),
  })
  if (!res.ok) throw new Error(`emulator script: ${res.status} ${await res.text()}`)
}

export type StreamRecord = {
  systemPrompt: string | null
  history: { role: string; text: string }[]
  userTexts: string[]
  eventCounts: Record<string, number>
  toolResults: { toolUseId: string; content: string }[]
  ended: string | null
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

export async function sessionRecord(key: string): Promise<SessionRecord> {
  return (await (await fetch(`${emulator()}/__emulator/sessions/${key}`)).json()) as SessionRecord
}

export const SETUP: StreamSetup = {
  inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7 },
  endpointing: 'LOW',
  voiceId: 'amy',
  systemPrompt: 'You are a test examiner.',
  tools: [
    { name: 'note_it', description: 'Records a note.', inputSchema: { json: '{"type":"object"}' } },
  ],
}

/** 16 kHz mono LPCM: a 220 Hz tone (speech stand-in) or silence. */
export function pcm16k(ms: number, voiced: boolean): Uint8Array {
  const samples = Math.round(ms * 16)
  const out = new Uint8Array(samples * 2)
  const view = new DataView(out.buffer)
  if (voiced)
    for (let i = 0; i < samples; i++)
      view.setInt16(i * 2, Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 16000)), true)
  return out
}

/** A conversation against the emulator that records every event it emits. */
export function conversationFor(key: string, overrides: Partial<SonicClientOptions> = {}) {
  const seen: ConversationEvent[] = []
  const waiters: { test: () => boolean; resolve: () => void }[] = []
  const talk = createSonicConversation({
    config: sonicConfig(),
    credentials: credentials(),
    setup: SETUP,
    userAgent: `worker-test session/${key}`,
    sleep: async () => {},
    ...overrides,
    onEvent: (event) => {
      seen.push(event)
      if (event.type === 'tool_use') talk.answerTool(event.toolUseId, { recorded: true })
      for (const waiter of waiters.splice(0)) {
        if (waiter.test()) waiter.resolve()
        else waiters.push(waiter)
      }
    },
  })
  const waitFor = (test: (events: ConversationEvent[]) => boolean, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (test(seen)) return resolve()
      const timer = setTimeout(
        () => reject(new Error(`timed out; saw ${seen.map((e) => e.type).join(',')}`)),
        ms,
      )
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      waiters.push({ test: () => test(seen), resolve: done })
    })
  /** Speaks for `ms` (in 100 ms frames), then pauses long enough to end the turn. */
  const speak = (ms: number, pauseMs = 400) => {
    for (let at = 0; at < ms; at += 100) talk.sendAudio(pcm16k(100, true))
    for (let at = 0; at < pauseMs; at += 100) talk.sendAudio(pcm16k(100, false))
  }
  const count = (type: ConversationEvent['type']) => seen.filter((e) => e.type === type).length
  return { talk, seen, waitFor, speak, count }
}
