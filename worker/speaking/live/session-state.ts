import type { AssessmentRecord } from '../../assessments/record'
import type { InterviewSnapshot } from '../interview/interview'
import type { TranscriptTurn } from '../interview/transcript'
import type { StoredObservation } from '../scoring/pronunciation-band'
import type { SessionMeta } from './session-meta'

const KEY = {
  meta: 'meta',
  interview: 'interview',
  transcript: 'transcript',
  observations: 'observations',
  pendingRecord: 'pending-record',
  ticket: 'ticket:',
} as const

/**
 * The session's Durable Object storage, typed. Text and numbers only, by construction:
 * no method takes audio.
 *
 * @example
 * const store = new SessionStore(ctx.storage)
 * await store.putMeta({ ...meta, status: 'live' })
 */
export class SessionStore {
  readonly #storage: DurableObjectStorage

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage
  }

  meta(): Promise<SessionMeta | undefined> {
    return this.#storage.get<SessionMeta>(KEY.meta)
  }

  putMeta(meta: SessionMeta): Promise<void> {
    return this.#storage.put(KEY.meta, meta)
  }

  interview(): Promise<InterviewSnapshot | undefined> {
    return this.#storage.get<InterviewSnapshot>(KEY.interview)
  }

  putInterview(snapshot: InterviewSnapshot): Promise<void> {
    return this.#storage.put(KEY.interview, snapshot)
  }

  async transcript(): Promise<{ turns: TranscriptTurn[]; truncated: boolean }> {
    return (await this.#storage.get(KEY.transcript)) ?? { turns: [], truncated: false }
  }

  putTranscript(transcript: { turns: TranscriptTurn[]; truncated: boolean }): Promise<void> {
    return this.#storage.put(KEY.transcript, transcript)
  }

  async observations(): Promise<StoredObservation[]> {
    return (await this.#storage.get<StoredObservation[]>(KEY.observations)) ?? []
  }

  putObservations(observations: StoredObservation[]): Promise<void> {
    return this.#storage.put(KEY.observations, observations)
  }

  /** A scored result waiting to be stored (so a retry stores it again, not rescored). */
  pendingRecord(): Promise<AssessmentRecord | undefined> {
    return this.#storage.get<AssessmentRecord>(KEY.pendingRecord)
  }

  putPendingRecord(record: AssessmentRecord): Promise<void> {
    return this.#storage.put(KEY.pendingRecord, record)
  }

  addTicket(digest: string, expiresAt: number): Promise<void> {
    return this.#storage.put(`${KEY.ticket}${digest}`, expiresAt)
  }

  /** Uses a ticket: true once, if it exists and has not expired; it is deleted either way. */
  async takeTicket(digest: string, now: number): Promise<boolean> {
    const key = `${KEY.ticket}${digest}`
    const expiresAt = await this.#storage.get<number>(key)
    if (expiresAt === undefined) return false
    await this.#storage.delete(key)
    return expiresAt > now
  }

  /** Drops expired tickets. */
  async pruneTickets(now: number): Promise<void> {
    const tickets = await this.#storage.list<number>({ prefix: KEY.ticket })
    const expired = [...tickets].filter(([, at]) => at <= now).map(([key]) => key)
    if (expired.length > 0) await this.#storage.delete(expired)
  }

  /** After the result is stored (or nothing was charged): everything but the meta goes. */
  async dropContent(): Promise<void> {
    const tickets = await this.#storage.list({ prefix: KEY.ticket })
    await this.#storage.delete([
      KEY.interview,
      KEY.transcript,
      KEY.observations,
      KEY.pendingRecord,
      ...tickets.keys(),
    ])
  }

  /** Forgets the session entirely. */
  async purge(): Promise<void> {
    await this.#storage.deleteAlarm()
    await this.#storage.deleteAll()
  }
}
