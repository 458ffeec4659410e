import type { InterviewPlan } from './content'
import { cues } from './cues'
import {
  CLOSING_SECONDS,
  limitsOf,
  PART1_LIMITS,
  PART2_LIMITS,
  PART3_LIMITS,
  type Part,
  type PartLimits,
} from './structure'

export type Phase =
  | 'waiting'
  | 'part1'
  | 'part2_prep'
  | 'part2_talk'
  | 'part2_rounding'
  | 'part3'
  | 'closing'
  | 'finished'

export type FinishReason = 'completed' | 'candidate_finished' | 'abandoned' | 'failed'

export type InterviewSnapshot = { phase: Phase; phaseAt: number; roundingAnswers: number }

export type CardView = { task: string; points: readonly string[]; explain: string }

export type InterviewOptions = {
  /**
   * Multiplies every timer (1 in production, which the speaking configuration enforces;
   * tests and `npm run local -- speak` run a whole test in seconds with e.g. 0.01).
   */
  timeScale?: number
}

/** What the interview asks its owner to do; plain data, in order. */
export type InterviewOutput =
  | { kind: 'part_started'; part: Part; limits: PartLimits; card?: CardView; at: number }
  /** Send this stage direction to the examiner model. */
  | { kind: 'cue'; text: string }
  /** A part boundary: a good moment to start a fresh model stream. */
  | { kind: 'rotate' }
  | { kind: 'notice'; code: 'SPEAK_NOW' | 'TIME_UP'; message: string }
  | { kind: 'finished'; reason: FinishReason; at: number }

const S = 1000

/**
 * The IELTS structure with server-side timers, driven by an injected clock: every method
 * takes `now` (ms) and returns what to do. The owner calls `tick` at `nextDeadline()`.
 * Part 1 and Part 3 end at the first candidate turn after 4 minutes, or at 5 minutes;
 * Part 2 gives 1 minute to prepare (the candidate may start early), up to 2 minutes to
 * talk, then one or two rounding-off questions.
 *
 * @example
 * const interview = new Interview(plan)
 * apply(interview.start(Date.now()))
 * alarmAt(interview.nextDeadline())
 */
export class Interview {
  readonly #plan: InterviewPlan
  /** Milliseconds per nominal second of the test. */
  readonly #S: number
  #phase: Phase = 'waiting'
  #phaseAt = 0
  #roundingAnswers = 0

  constructor(plan: InterviewPlan, snapshot?: InterviewSnapshot, options: InterviewOptions = {}) {
    const scale = options.timeScale ?? 1
    if (!(scale > 0 && scale <= 1)) throw new TypeError('timeScale must be in (0, 1]')
    this.#plan = plan
    this.#S = S * scale
    if (snapshot) {
      this.#phase = snapshot.phase
      this.#phaseAt = snapshot.phaseAt
      this.#roundingAnswers = snapshot.roundingAnswers
    }
  }

  /** Plain state to keep (Durable Object storage) and restore with `new Interview(plan, it)`. */
  snapshot(): InterviewSnapshot {
    return { phase: this.#phase, phaseAt: this.#phaseAt, roundingAnswers: this.#roundingAnswers }
  }

  get phase(): Phase {
    return this.#phase
  }

  /** The part in progress, or null before Part 1 and after the test. */
  get part(): Part | null {
    return partOf(this.#phase)
  }

  /**
   * The current part as `part_started` (stamped with the current phase's start), for an
   * app that reconnects mid-test; null before Part 1 and after the test.
   */
  currentPart(): InterviewOutput | null {
    const part = this.part
    return part === null ? null : this.#partStarted(part, this.#phaseAt)
  }

  /** The candidate is ready: Part 1 begins. */
  start(now: number): InterviewOutput[] {
    if (this.#phase !== 'waiting') return []
    this.#enter('part1', now)
    return [this.#partStarted(1, now), { kind: 'cue', text: cues.beginPart1(this.#plan.part1) }]
  }

  /** When `tick` must next be called, or null when no timer is pending. */
  nextDeadline(): number | null {
    const at = this.#phaseAt
    const unit = this.#S
    switch (this.#phase) {
      case 'part1':
        return at + PART1_LIMITS.maxSeconds * unit
      case 'part2_prep':
        return at + PART2_LIMITS.prepSeconds * unit
      case 'part2_talk':
        return at + PART2_LIMITS.talkSeconds * unit
      case 'part2_rounding':
        return at + PART2_LIMITS.roundingOffMaxSeconds * unit
      case 'part3':
        return at + PART3_LIMITS.maxSeconds * unit
      case 'closing':
        return at + CLOSING_SECONDS * unit
      default:
        return null
    }
  }

  /** Applies whichever timer has expired at `now`. */
  tick(now: number): InterviewOutput[] {
    const deadline = this.nextDeadline()
    if (deadline === null || now < deadline) return []
    switch (this.#phase) {
      case 'part1':
        return this.#toPart2(now)
      case 'part2_prep':
        return this.#toTalk(now)
      case 'part2_talk':
        return this.#toRounding(now, true)
      case 'part2_rounding':
        return this.#toPart3(now)
      case 'part3':
        return this.#toClosing(now)
      default:
        return this.finish(now, 'completed')
    }
  }

  /** The candidate finished a turn (a FINAL transcript arrived). */
  candidateTurnEnded(now: number): InterviewOutput[] {
    const elapsed = now - this.#phaseAt
    const unit = this.#S
    switch (this.#phase) {
      case 'part1':
        return elapsed >= PART1_LIMITS.minSeconds * unit ? this.#toPart2(now) : []
      case 'part2_talk':
        return elapsed >= PART2_LIMITS.minTalkSeconds * unit ? this.#toRounding(now, false) : []
      case 'part2_rounding':
        this.#roundingAnswers++
        return this.#roundingAnswers >= PART2_LIMITS.roundingOffQuestions ? this.#toPart3(now) : []
      case 'part3':
        return elapsed >= PART3_LIMITS.minSeconds * unit ? this.#toClosing(now) : []
      default:
        return []
    }
  }

  /** The candidate says they are done (`end_turn`): ends preparation or the long turn. */
  candidateSignalledEnd(now: number): InterviewOutput[] {
    if (this.#phase === 'part2_prep') return this.#toTalk(now)
    if (this.#phase === 'part2_talk') return this.#toRounding(now, false)
    return []
  }

  /** The examiner finished speaking; after the closing words the test is over. */
  examinerTurnEnded(now: number): InterviewOutput[] {
    return this.#phase === 'closing' ? this.finish(now, 'completed') : []
  }

  /** Ends the test now (the candidate finished, left, or the model failed). */
  finish(now: number, reason: FinishReason): InterviewOutput[] {
    if (this.#phase === 'finished') return []
    this.#enter('finished', now)
    return [{ kind: 'finished', reason, at: now }]
  }

  #toPart2(now: number): InterviewOutput[] {
    this.#enter('part2_prep', now)
    return [
      { kind: 'rotate' },
      this.#partStarted(2, now),
      { kind: 'cue', text: cues.beginPart2(this.#plan.card) },
    ]
  }

  #toTalk(now: number): InterviewOutput[] {
    this.#enter('part2_talk', now)
    return [
      {
        kind: 'notice',
        code: 'SPEAK_NOW',
        message: 'Preparation time is over: please start speaking.',
      },
      { kind: 'cue', text: cues.startTalking() },
    ]
  }

  #toRounding(now: number, timeUp: boolean): InterviewOutput[] {
    this.#enter('part2_rounding', now)
    this.#roundingAnswers = 0
    const notice: InterviewOutput[] = timeUp
      ? [{ kind: 'notice', code: 'TIME_UP', message: 'The two minutes for your talk are up.' }]
      : []
    return [...notice, { kind: 'cue', text: cues.roundingOff(this.#plan.card, timeUp) }]
  }

  #toPart3(now: number): InterviewOutput[] {
    this.#enter('part3', now)
    return [
      { kind: 'rotate' },
      this.#partStarted(3, now),
      { kind: 'cue', text: cues.beginPart3(this.#plan.card) },
    ]
  }

  #toClosing(now: number): InterviewOutput[] {
    this.#enter('closing', now)
    // A fresh stream drops any reply still being generated, so the next examiner turn to
    // end is the closing words.
    return [{ kind: 'rotate' }, { kind: 'cue', text: cues.closeTest() }]
  }

  #enter(phase: Phase, now: number): void {
    this.#phase = phase
    this.#phaseAt = now
  }

  #partStarted(part: Part, now: number): InterviewOutput {
    const { card } = this.#plan
    const view =
      part === 2 ? { card: { task: card.task, points: card.points, explain: card.explain } } : {}
    return { kind: 'part_started', part, limits: this.#limits(part), ...view, at: now }
  }

  /** The part's limits as the client is told them: seconds scaled like the timers. */
  #limits(part: Part): PartLimits {
    const scale = this.#S / S
    if (scale === 1) return limitsOf(part)
    const scaled = Object.entries(limitsOf(part)).map(([name, value]) => [
      name,
      name.endsWith('Seconds') ? value * scale : value,
    ])
    return Object.fromEntries(scaled) as PartLimits
  }
}

/** The part a phase belongs to; null before Part 1, while closing and after the test. */
export function partOf(phase: Phase | null): Part | null {
  if (phase === 'part1') return 1
  if (phase?.startsWith('part2')) return 2
  if (phase === 'part3') return 3
  return null
}
