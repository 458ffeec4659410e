import type { Logger } from '../../../shared/log'
import { type ClientMessage, readClientFrame } from '../../../shared/speaking-messages'
import type { ConversationEvent } from '../../nova-sonic/normalize'
import { cues } from '../interview/cues'
import type { FinishReason, Interview, InterviewOutput } from '../interview/interview'
import {
  checkObservation,
  MAX_OBSERVATIONS,
  PRONUNCIATION_TOOL_NAME,
} from '../interview/pronunciation-tool'
import type { Part } from '../interview/structure'
import type { Transcript } from '../interview/transcript'
import type { StoredObservation } from '../scoring/pronunciation-band'
import type { AppSocket } from './app-socket'
import type { ExaminerHandlers, ExaminerLink } from './examiner-link'
import { clientMessageFor } from './examiner-setup'

const RESUMING = 'The connection to the examiner dropped; resuming the test.'
const UNAVAILABLE =
  'The examiner could not be reached. This test has ended and you were not charged for it.'

export type LiveSessionDeps = {
  interview: Interview
  transcript: Transcript
  observations: StoredObservation[]
  latencyNotice: string | null
  /**
   * The test was running in an earlier process (a deploy or eviction ended it): the next app
   * to connect resumes it at once, with a new examiner stream seeded with the transcript.
   */
  restored: boolean
  connect(handlers: ExaminerHandlers): ExaminerLink
  now(): number
  log: Logger
  /** Persist (text only) and react; the Durable Object implements these. */
  hooks: {
    started(): void
    interviewChanged(): void
    transcriptChanged(): void
    observationsChanged(): void
    appGone(): void
    appBack(): void
    finished(reason: FinishReason, usage: { inputTokens: number; outputTokens: number }): void
  }
}

/**
 * One running speaking test, in memory: relays the app's 16 kHz audio to the examiner and
 * the examiner's 24 kHz audio back (never keeping either), turns the examiner's events
 * into app events, the transcript (FINAL text only) and pronunciation observations, and
 * applies the interview's outputs (cue → examiner text, rotate → fresh stream, the rest →
 * app events).
 *
 * @example
 * const live = new LiveSession(deps)
 * live.attach(new AppSocket(server))
 */
export class LiveSession {
  readonly #d: LiveSessionDeps
  #app: AppSocket | null = null
  #link: ExaminerLink | null = null
  #lastPart: Part = 1
  #over = false
  readonly #usage = { inputTokens: 0, outputTokens: 0 }

  constructor(deps: LiveSessionDeps) {
    this.#d = deps
  }

  get over(): boolean {
    return this.#over
  }

  /** A (re)connected app; an earlier connection is replaced. */
  attach(app: AppSocket): void {
    const previous = this.#app
    this.#app = app
    previous?.close(4000, 'replaced by a newer connection')
    app.onMessage((data) => this.#fromApp(app, data))
    app.onGone(() => {
      if (this.#app !== app || this.#over) return
      this.#app = null
      this.#d.hooks.appGone()
    })
    if (this.#d.latencyNotice) {
      app.send({ type: 'notice', code: 'LATENCY', message: this.#d.latencyNotice })
    }
    const current = this.#d.interview.currentPart()
    if (current) this.#toApp(current)
    this.#d.hooks.appBack()
    if (this.#d.restored) void this.#resume()
  }

  /** The alarm fired: applies any expired timer of the interview. */
  tick(): void {
    if (!this.#over) this.#apply(this.#d.interview.tick(this.#d.now()))
  }

  /** Drops everything without reporting (the session is being forgotten). */
  abort(): void {
    this.#over = true
    void this.#link?.close().catch(() => undefined)
    this.#link = null
    this.#app?.close(1001, 'session closed')
    this.#app = null
  }

  /** Ends the test from outside (timeout, app gone for good). */
  finish(reason: FinishReason): void {
    if (!this.#over) this.#apply(this.#d.interview.finish(this.#d.now(), reason))
  }

  #fromApp(app: AppSocket, data: string | ArrayBuffer): void {
    if (this.#over || app !== this.#app) return
    const frame = readClientFrame(data)
    if (frame.kind === 'invalid') {
      app.send({ type: 'error', code: 'VALIDATION_FAILED', message: frame.message })
    } else if (frame.kind === 'audio') {
      if (this.#d.interview.phase !== 'waiting') this.#link?.sendAudio(frame.pcm)
    } else {
      this.#control(frame.message)
    }
  }

  #control(message: ClientMessage): void {
    const now = this.#d.now()
    if (message.type === 'ready') void this.#start()
    else if (message.type === 'end_turn') this.#apply(this.#d.interview.candidateSignalledEnd(now))
    else this.#apply(this.#d.interview.finish(now, 'candidate_finished'))
  }

  async #start(): Promise<void> {
    if (this.#link || this.#d.interview.phase !== 'waiting') return
    this.#d.hooks.started()
    await this.#connect(() => this.#apply(this.#d.interview.start(this.#d.now())))
  }

  /** Continues a restored test: the examiner picks up where the transcript stops. */
  async #resume(): Promise<void> {
    const { phase } = this.#d.interview
    if (this.#link || this.#over || phase === 'waiting' || phase === 'finished') return
    await this.#connect(() => this.#link?.sendText(cues.resumeAfterDrop()))
  }

  async #connect(whenLive: () => void): Promise<void> {
    const link = this.#d.connect({
      onEvent: (event) => this.#fromExaminer(event),
      onRetry: (attempt, delayMs) =>
        this.#app?.send({
          type: 'notice',
          code: 'RECONNECTING',
          message: `Connecting to the examiner (attempt ${attempt} failed); trying again in ${delayMs / 1000} s.`,
        }),
    })
    this.#link = link
    await link.start()
    if (link.state === 'live' && !this.#over) whenLive()
  }

  #fromExaminer(event: ConversationEvent): void {
    if (this.#over) return
    const now = this.#d.now()
    const { interview } = this.#d
    switch (event.type) {
      case 'assistant_audio':
        this.#app?.sendAudio(event.pcm)
        break
      case 'assistant_text':
        this.#app?.send({ type: 'examiner_text', text: event.text, final: event.stage === 'FINAL' })
        if (event.stage === 'FINAL') this.#say('examiner', event.text, now)
        break
      case 'user_text':
        this.#app?.send({ type: 'user_transcript', text: event.text })
        this.#say('candidate', event.text, now)
        this.#apply(interview.candidateTurnEnded(now))
        break
      case 'tool_use':
        this.#link?.answerTool(event.toolUseId, this.#record(event.toolName, event.input, now))
        break
      case 'assistant_turn_end':
        this.#apply(interview.examinerTurnEnded(now))
        break
      case 'usage':
        this.#usage.inputTokens = Math.max(this.#usage.inputTokens, event.inputTokens)
        this.#usage.outputTokens = Math.max(this.#usage.outputTokens, event.outputTokens)
        break
      case 'reconnecting':
        this.#app?.send({ type: 'notice', code: 'RECONNECTING', message: RESUMING })
        break
      case 'failed':
        this.#d.log.warn('examiner unavailable', { reason: event.reason })
        this.#app?.send({ type: 'error', code: 'EXAMINER_UNAVAILABLE', message: UNAVAILABLE })
        this.#apply(interview.finish(now, 'failed'))
        break
    }
  }

  #say(speaker: 'examiner' | 'candidate', text: string, now: number): void {
    this.#lastPart = this.#d.interview.part ?? this.#lastPart
    if (this.#d.transcript.add(speaker, text, this.#lastPart, now)) {
      this.#d.hooks.transcriptChanged()
    }
  }

  /** Keeps a valid observation; the answer goes back to the examiner as the tool result. */
  #record(toolName: string, input: unknown, now: number) {
    if (toolName !== PRONUNCIATION_TOOL_NAME) return { recorded: false, error: 'No such tool.' }
    const checked = checkObservation(input)
    if (!checked.ok) return { recorded: false, error: checked.error }
    if (this.#d.observations.length >= MAX_OBSERVATIONS) {
      return { recorded: false, error: 'Enough evidence has been recorded.' }
    }
    const part = this.#d.interview.part ?? this.#lastPart
    this.#d.observations.push({ ...checked.observation, part, at: now })
    this.#d.hooks.observationsChanged()
    return { recorded: true }
  }

  #apply(outputs: InterviewOutput[]): void {
    if (outputs.length === 0) return
    let finished: FinishReason | null = null
    for (const output of outputs) {
      if (output.kind === 'cue') this.#link?.sendText(output.text)
      else if (output.kind === 'rotate') this.#link?.rotate()
      else this.#toApp(output)
      if (output.kind === 'finished') finished = output.reason
    }
    this.#d.hooks.interviewChanged()
    if (finished) this.#end(finished)
  }

  #toApp(output: InterviewOutput): void {
    const message = clientMessageFor(output)
    if (message) this.#app?.send(message)
  }

  #end(reason: FinishReason): void {
    this.#over = true
    const link = this.#link
    this.#link = null
    void link?.close().catch(() => undefined)
    this.#app?.close(1000, 'test over')
    this.#app = null
    this.#d.hooks.finished(reason, { ...this.#usage })
  }
}
