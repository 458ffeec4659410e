import type { Item, JsonValue, WriteOp } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import type { ModuleId } from '../../shared/modules'

/**
 * The stored shape of every assessment, writing or speaking
 * (`USER#<id>` / `ASSESS#<id>`), so one history lists both. Text only: essays and final
 * transcripts, never audio. `result` is the kind's full result as the API returns it.
 */
export type AssessmentKind = 'writing' | 'speaking'

export type AssessmentRecord = {
  id: string
  kind: AssessmentKind
  module: ModuleId
  createdAt: string
  /** Our computed band (never the model's); null when it could not be computed. */
  overallBand: number | null
  /** True when a part of the band is an estimate the student should read as such. */
  provisional: boolean
  /** A short label for lists, e.g. the task title or "Speaking mock test". */
  title: string
  result: { [key: string]: JsonValue }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A time-ordered id (ULID layout: 48-bit milliseconds then 80 random bits, Crockford
 * base32), so `ASSESS#<id>` sort keys list newest last and ids are unguessable.
 */
export function newAssessmentId(
  now: Date,
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  let time = now.getTime()
  let head = ''
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head
    time = Math.floor(time / 32)
  }
  const bytes = random(new Uint8Array(16))
  let tail = ''
  for (const byte of bytes) tail += CROCKFORD[byte % 32]
  return head + tail
}

/** The put of a new assessment; never overwrites one. */
export function putAssessmentOp(userId: string, record: AssessmentRecord): WriteOp {
  const item: Item = { ...keys.assessment(userId, record.id), ...record }
  return { put: { item, condition: { itemExists: false } } }
}

/** Reads a record back from a stored item (drops the key attributes). */
export function toAssessmentRecord(item: Item): AssessmentRecord {
  const { pk: _pk, sk: _sk, ...rest } = item
  return rest as unknown as AssessmentRecord
}
