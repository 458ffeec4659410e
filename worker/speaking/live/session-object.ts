import { DurableObject } from 'cloudflare:workers'
import { createLogger, type Logger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import type { Services } from '../../services/services'
import { SESSION_TIMINGS } from '../config'
import {
  type InterviewPlan,
  pickInterviewPlan,
  planById,
  type SpeakingModule,
} from '../interview/content'
import { type FinishReason, Interview, partOf } from '../interview/interview'
import { Transcript } from '../interview/transcript'
import type { StoredObservation } from '../scoring/pronunciation-band'
import { mintTicket, TICKET_TTL_MS, ticketDigest } from '../session-id'
import { AppSocket } from './app-socket'
import { historyOf, openExaminerLink } from './examiner-link'
import { LiveSession } from './live-session'
import { sessionHooks } from './session-hooks'
import { type FailureCode, newSessionMeta, type SessionMeta, wakeAt } from './session-meta'
import { settleDepsFor, settleStep } from './session-settlement'
import { SessionStore } from './session-state'
import { CALLER_HEADER, streamRefusal, TICKET_HEADER } from './session-support'
import { publicState, type SessionView, sessionView } from './session-view'

export type OpenSessionInput = {
  id: string
  userId: string
  homeRegion: Region
  module: SpeakingModule
  charge: SessionMeta['charge']
  regions: Region[]
  timeScale: number
  latencyNotice: string | null
}

/** A session's id, state and a fresh stream ticket (null once the test is over). */
export type SessionTicket = {
  id: string
  state: SessionView['state']
  expiresAt: string
  ticket: string | null
}

/**
 * One speaking session. Holds in storage only text and numbers — the meta, the interview
 * snapshot, the FINAL transcript and the pronunciation observations — never audio; relays
 * audio between the app and Nova Sonic in memory; drives the interview's timers with the
 * alarm; scores and stores the result (or gives the slot back) when the test is over.
 *
 * @example
 * const stub = env.SPEAKING_SESSIONS.get(env.SPEAKING_SESSIONS.idFromName(id))
 * const { ticket } = await stub.open(input)
 */
export class SpeakingSessionObject extends DurableObject<Record<string, unknown>> {
  readonly #store: SessionStore
  #meta: SessionMeta | undefined
  #loaded = false
  #live: LiveSession | null = null
  #content: { plan: InterviewPlan; interview: Interview; transcript: Transcript } | null = null
  /** The owner erased their account: from here on this object writes nothing. */
  #erased = false
  /** The settle step running now, if any (an erasure waits for it). */
  #settling: Promise<void> = Promise.resolve()

  readonly #services: Services

  /** `services` come from the composition root (`worker/speaking-session.ts` passes them). */
  constructor(ctx: DurableObjectState, env: Record<string, unknown>, services: Services) {
    super(ctx, env)
    this.#store = new SessionStore(ctx.storage)
    this.#services = services
  }

  /** Creates the session for a started charge (a repeat with the same attempt is a no-op). */
  async open(input: OpenSessionInput): Promise<SessionTicket> {
    if (this.#erased) throw new Error('the owner of this session erased their account')
    const existing = await this.#loadMeta()
    if (existing && existing.charge.attempt === input.charge.attempt)
      return this.#ticketFor(existing)
    // Another attempt of the same key owns it now (the earlier one's lease ran out): start over.
    if (existing) await this.#forget()
    const plan = pickInterviewPlan(input.module, this.#services.random)
    const meta = newSessionMeta(
      { ...input, plan: { part1Id: plan.part1.id, cardId: plan.card.id } },
      Date.now(),
    )
    await this.#save(meta)
    return this.#ticketFor(meta)
  }

  /** A fresh ticket for the owner (an idempotent replay of the creating request). */
  async reopen(userId: string): Promise<SessionTicket | null> {
    const meta = await this.#loadMeta()
    return meta && meta.userId === userId ? this.#ticketFor(meta) : null
  }

  /** The owner's view of the session; null for anyone else (the route answers 404). */
  async describe(userId: string): Promise<SessionView | null> {
    const meta = await this.#loadMeta()
    if (!meta || meta.userId !== userId) return null
    const content = this.#content
    const snapshot = content ? content.interview.snapshot() : await this.#store.interview()
    const open = meta.status === 'created' || meta.status === 'live' || meta.status === 'settling'
    const phase = snapshot?.phase ?? (meta.status === 'created' ? 'waiting' : null)
    const transcript = content ? content.transcript.toJSON() : await this.#store.transcript()
    return sessionView(meta, { part: partOf(phase), phase }, open ? transcript : null)
  }

  /**
   * The owner erased their account (`DELETE /api/me`): the test stops, the app's socket
   * closes, the storage and the alarm go, and nothing is written any more. A settle step in
   * flight is waited for first, so nothing it writes outlives the wipe (whatever it stored in
   * the table is in the partition the erasure deletes next). False if not the owner's.
   */
  async erase(userId: string): Promise<boolean> {
    const meta = await this.#loadMeta()
    if (!meta || meta.userId !== userId) return false
    this.#erased = true
    await this.#settling
    await this.#forget()
    return true
  }

  /** The WebSocket upgrade, after the route checked the caller (or passes on a ticket). */
  override async fetch(request: Request): Promise<Response> {
    const meta = await this.#loadMeta()
    const caller = request.headers.get(CALLER_HEADER)
    const ticket = request.headers.get(TICKET_HEADER)
    if (!meta || (caller !== null && caller !== meta.userId)) return streamRefusal('NOT_FOUND')
    if (caller === null) {
      const valid =
        ticket !== null && (await this.#store.takeTicket(await ticketDigest(ticket), Date.now()))
      if (!valid) return streamRefusal('INVALID_TOKEN')
    }
    const live = await this.#liveSession(meta)
    if (!live) return streamRefusal('CONFLICT')
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket]
    server.accept()
    live.attach(new AppSocket(server))
    return new Response(null, { status: 101, webSocket: client })
  }

  override async alarm(): Promise<void> {
    const meta = await this.#loadMeta()
    if (!meta) return
    const now = Date.now()
    if (meta.status === 'created' && now >= meta.startBy) {
      if (this.#live) this.#live.finish('abandoned')
      else this.#settleLater(meta, 'refund', 'NOT_STARTED')
    } else if (meta.status === 'live') {
      this.#checkLive(meta, now)
    }
    if (meta.status === 'settling' && Date.now() >= (meta.settlement?.nextAt ?? 0)) {
      await this.#settle(meta)
    }
    if ((meta.status === 'scored' || meta.status === 'failed') && now >= (meta.purgeAt ?? now)) {
      return this.#forget()
    }
    await this.#store.pruneTickets(now)
    await this.#reschedule()
  }

  #checkLive(meta: SessionMeta, now: number): void {
    const live = this.#live
    // Restarted mid-test (deploy, eviction): the app had to leave; it may come back in time.
    if (!live && meta.disconnectedAt === null) {
      meta.disconnectedAt = now
      void this.#save(meta)
    }
    const grace = SESSION_TIMINGS.reconnectGraceMs * meta.timeScale
    const appGone = meta.disconnectedAt !== null && now >= meta.disconnectedAt + grace
    const overTime = meta.endBy !== null && now >= meta.endBy
    if (!live) {
      if (appGone || overTime) this.#settleLater(meta, 'score', null, 'abandoned')
    } else if (appGone || overTime) live.finish('abandoned')
    else live.tick()
  }

  /**
   * The running test: a new one for a created session, or one restored from storage when
   * this object was restarted (deploy, eviction) mid-test; null once the test is over.
   */
  async #liveSession(meta: SessionMeta): Promise<LiveSession | null> {
    if (this.#live) return this.#live
    if (meta.status !== 'created' && meta.status !== 'live') return null
    const plan = planById(meta.module, meta.plan.part1Id, meta.plan.cardId)
    if (!plan) throw new Error('session plan not found')
    const restored = meta.status === 'live'
    const snapshot = restored ? await this.#store.interview() : undefined
    const stored = restored ? await this.#store.transcript() : { turns: [], truncated: false }
    const interview = new Interview(plan, snapshot, { timeScale: meta.timeScale })
    const transcript = new Transcript(stored.turns)
    const observations: StoredObservation[] = restored ? await this.#store.observations() : []
    if (this.#live) return this.#live
    this.#content = { plan, interview, transcript }
    const owner = {
      save: () => this.#save(meta),
      reschedule: () => this.#reschedule(),
      settle: (action: 'score' | 'refund', failure: FailureCode | null, reason: FinishReason) => {
        this.#live = null
        this.#settleLater(meta, action, failure, reason)
      },
    }
    this.#live = new LiveSession({
      interview,
      transcript,
      observations,
      latencyNotice: meta.latencyNotice,
      restored,
      connect: (handlers) =>
        openExaminerLink(
          {
            config: this.#services.config,
            sessionId: meta.id,
            plan,
            timeScale: meta.timeScale,
            history: historyOf(transcript.turns),
          },
          handlers,
        ),
      now: () => Date.now(),
      log: this.#log(meta),
      hooks: sessionHooks(meta, { interview, transcript, observations, store: this.#store }, owner),
    })
    return this.#live
  }

  /** The test is over: settle from the alarm (which retries), starting now. */
  #settleLater(
    meta: SessionMeta,
    action: 'score' | 'refund',
    failure: FailureCode | null,
    reason: FinishReason = 'abandoned',
  ): void {
    const now = Date.now()
    meta.status = 'settling'
    meta.finishedAt = meta.finishedAt ?? now
    meta.finishReason = meta.finishReason ?? reason
    meta.settlement = { action, attempts: 0, nextAt: now, failure }
    void this.#save(meta)
  }

  async #settle(meta: SessionMeta): Promise<void> {
    if (this.#erased) return
    const step = settleStep(meta, this.#store, settleDepsFor(this.#services, meta, this.#log(meta)))
    this.#settling = step.catch(() => undefined)
    await step
    if (meta.status !== 'settling') this.#content = null
    await this.#save(meta)
  }

  async #ticketFor(meta: SessionMeta): Promise<SessionTicket> {
    const base = { id: meta.id, state: publicState(meta) }
    const expiresAt = new Date(meta.startBy).toISOString()
    if (meta.status !== 'created' && meta.status !== 'live')
      return { ...base, expiresAt, ticket: null }
    const ticket = mintTicket()
    await this.#store.addTicket(await ticketDigest(ticket), Date.now() + TICKET_TTL_MS)
    return { ...base, expiresAt, ticket }
  }

  async #loadMeta(): Promise<SessionMeta | undefined> {
    if (!this.#loaded) {
      this.#meta = await this.#store.meta()
      this.#loaded = true
    }
    return this.#meta
  }

  async #save(meta: SessionMeta): Promise<void> {
    if (this.#erased) return
    this.#meta = meta
    this.#loaded = true
    await this.#store.putMeta(meta)
    await this.#reschedule()
  }

  /** One alarm: the earliest thing the session waits for. */
  async #reschedule(): Promise<void> {
    const meta = this.#meta
    if (!meta) return
    const wake = wakeAt(meta, this.#content?.interview.nextDeadline() ?? null, this.#live !== null)
    if (wake === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(wake)
  }

  async #forget(): Promise<void> {
    this.#live?.abort()
    this.#live = null
    this.#content = null
    this.#meta = undefined
    await this.#store.purge()
  }

  #log(meta: SessionMeta): Logger {
    return createLogger({ service: 'speaking-session', sessionId: meta.id })
  }
}
