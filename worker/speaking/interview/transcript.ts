import type { Part } from './structure'

export type Speaker = 'examiner' | 'candidate'

/** One turn: FINAL text only, the part it belongs to and when it started (ms epoch). */
export type TranscriptTurn = { speaker: Speaker; text: string; part: Part; at: number }

export type TranscriptLimits = { maxTurns: number; maxChars: number }

/**
 * Bounded so a session's transcript always fits one Durable Object value (128 KiB) and one
 * table item: a 15-minute test is ~15 000 characters.
 */
export const TRANSCRIPT_LIMITS: TranscriptLimits = { maxTurns: 400, maxChars: 60_000 }

/**
 * What was said, as text: examiner and candidate turns with timestamps. Consecutive FINAL
 * fragments of one speaker in one part make one turn (the model sends a turn in pieces);
 * stage directions are not speech and never enter it.
 *
 * @example
 * const transcript = new Transcript()
 * transcript.add('examiner', 'Can you tell me your full name?', 1, now)
 * transcript.add('candidate', 'My name is Ana Costa.', 1, now + 4000)
 */
export class Transcript {
  readonly #turns: TranscriptTurn[]
  readonly #limits: TranscriptLimits
  #chars: number
  #truncated = false

  constructor(turns: readonly TranscriptTurn[] = [], limits: TranscriptLimits = TRANSCRIPT_LIMITS) {
    this.#turns = turns.map((t) => ({ ...t }))
    this.#limits = limits
    this.#chars = this.#turns.reduce((sum, t) => sum + t.text.length, 0)
  }

  get turns(): readonly TranscriptTurn[] {
    return this.#turns
  }

  /** True once text was dropped because a limit was reached. */
  get truncated(): boolean {
    return this.#truncated
  }

  /** Adds FINAL text; returns false when a limit dropped it. */
  add(speaker: Speaker, text: string, part: Part, at: number): boolean {
    const clean = text.replace(/\s+/g, ' ').trim()
    if (clean === '') return true
    const last = this.#turns.at(-1)
    const joins = last !== undefined && last.speaker === speaker && last.part === part
    const added = joins ? clean.length + 1 : clean.length
    if (
      this.#chars + added > this.#limits.maxChars ||
      (!joins && this.#turns.length >= this.#limits.maxTurns)
    ) {
      this.#truncated = true
      return false
    }
    this.#chars += added
    if (joins) last.text = `${last.text} ${clean}`
    else this.#turns.push({ speaker, text: clean, part, at })
    return true
  }

  toJSON(): { turns: TranscriptTurn[]; truncated: boolean } {
    return { turns: this.#turns.map((t) => ({ ...t })), truncated: this.#truncated }
  }
}
