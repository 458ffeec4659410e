import { randomUUID } from 'node:crypto'
import { tone } from './endpointing'

/**
 * The emulated model's side of a turn, in the event order of the Nova 2 Sonic user guide
 * ("Handling output events"): the user's ASR transcript (TEXT, USER, FINAL), an optional
 * tool use, then the assistant's SPECULATIVE text, its audio (24 kHz LPCM, base64 chunks)
 * and the FINAL text of what was said, closed with END_TURN, and a usage event. The voice
 * is a tone, labelled as emulated in every line it speaks.
 */

const OUTPUT_RATE = 24_000
const CHUNK_MS = 100
const MS_PER_WORD = 60
const MAX_SPEECH_MS = 4_000

/** Generic examiner lines for when neither the script nor the cue says what to say. */
export const GENERIC_LINES = [
  'Thank you. Could you tell me a little more about that?',
  'I see. And why do you think that is?',
  "Thank you. Let's move on.",
  'How do you feel about that?',
]

export type Ids = { sessionId: string; promptName: string; completionId: string }

/**
 * Writes one stream's output events through `send`.
 *
 * @example
 * const out = new ResponseWriter(send, ids)
 * out.userTranscript('I live in Leeds.')
 * out.examinerTurn('Thank you. Do you like it there?')
 */
export class ResponseWriter {
  readonly #send: (event: unknown) => void
  readonly #ids: Ids
  #inputTokens = 0
  #outputTokens = 0

  constructor(send: (event: unknown) => void, ids: Ids) {
    this.#send = send
    this.#ids = ids
  }

  completionStart(): void {
    this.#event('completionStart', {})
  }

  completionEnd(): void {
    this.#event('completionEnd', { stopReason: 'END_TURN' })
  }

  userTranscript(text: string): void {
    this.#inputTokens += words(text)
    this.#textBlock('USER', 'FINAL', text, 'END_TURN')
  }

  /** Emits a tool use; returns its id (the client must answer it). */
  toolUse(toolName: string, input: unknown): string {
    const contentId = randomUUID()
    const toolUseId = randomUUID()
    this.#event('contentStart', {
      contentId,
      type: 'TOOL',
      role: 'TOOL',
      toolUseOutputConfiguration: { mediaType: 'application/json' },
    })
    this.#event('toolUse', { contentId, toolName, toolUseId, content: JSON.stringify(input) })
    this.#event('contentEnd', { contentId, type: 'TOOL', stopReason: 'TOOL_USE' })
    return toolUseId
  }

  examinerTurn(text: string): void {
    this.#outputTokens += words(text)
    this.#textBlock('ASSISTANT', 'SPECULATIVE', text, 'PARTIAL_TURN')
    const contentId = randomUUID()
    this.#event('contentStart', {
      contentId,
      type: 'AUDIO',
      role: 'ASSISTANT',
      audioOutputConfiguration: {
        mediaType: 'audio/lpcm',
        sampleRateHertz: OUTPUT_RATE,
        sampleSizeBits: 16,
        channelCount: 1,
        encoding: 'base64',
        audioType: 'SPEECH',
      },
    })
    const speechMs = Math.min(MAX_SPEECH_MS, Math.max(CHUNK_MS, words(text) * MS_PER_WORD))
    for (let at = 0; at < speechMs; at += CHUNK_MS) {
      const pcm = tone(Math.min(CHUNK_MS, speechMs - at), OUTPUT_RATE, 330)
      this.#event('audioOutput', { contentId, content: Buffer.from(pcm).toString('base64') })
    }
    this.#event('contentEnd', { contentId, type: 'AUDIO', stopReason: 'PARTIAL_TURN' })
    this.#textBlock('ASSISTANT', 'FINAL', text, 'END_TURN')
    this.#event('usageEvent', {
      totalInputTokens: this.#inputTokens,
      totalOutputTokens: this.#outputTokens,
      totalTokens: this.#inputTokens + this.#outputTokens,
    })
  }

  #textBlock(role: string, stage: string, text: string, stopReason: string): void {
    const contentId = randomUUID()
    this.#event('contentStart', {
      contentId,
      type: 'TEXT',
      role,
      additionalModelFields: JSON.stringify({ generationStage: stage }),
      textOutputConfiguration: { mediaType: 'text/plain' },
    })
    this.#event('textOutput', { contentId, role, content: text })
    this.#event('contentEnd', { contentId, type: 'TEXT', stopReason })
  }

  #event(name: string, body: Record<string, unknown>): void {
    this.#send({ event: { [name]: { ...this.#ids, ...body } } })
  }
}

/**
 * The emulated examiner's next line: the script's, else the words a stage direction
 * suggests (`Suggested words: "…"`), else a generic line. Always marked as emulated.
 *
 * @example
 * examinerLine({ scripted: [], spoken: 0, cue: 'Begin. Suggested words: "Hello."' }) // '[emulated] Hello.'
 */
export function examinerLine(input: { scripted: readonly string[]; spoken: number; cue?: string }) {
  const scripted = input.scripted[input.spoken]
  if (scripted !== undefined) return scripted
  const suggested = /Suggested words:\s*"([^"]+)"/.exec(input.cue ?? '')?.[1]
  return `[emulated] ${suggested ?? GENERIC_LINES[input.spoken % GENERIC_LINES.length]}`
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}
