import { env } from 'cloudflare:workers'
import { keys } from '../../../shared/keys'
import type { ModuleId } from '../../../shared/modules'
import type { Region } from '../../../shared/regions'
import { grantSlotsOp } from '../../../worker/entitlements/slots'
import { callApp, dataClient } from '../support/stack'
import { authHeaders, type Call, registerUser, type TestUser } from '../support/users'

export const data = dataClient()

/** One app for a whole test file (its isolate-level caches shared, as in production). */
export const api: Call = callApp(env)

export type Submission = { module?: string; taskId?: string; text?: unknown }

export type SubmitOptions = {
  key?: string | null
  fault?: string
  tag?: string
  cf?: Record<string, string>
  requestId?: string
}

/** `POST /api/writing/assessments` as the app sends it; `key: null` sends no header. */
export function submit(
  call: Call,
  user: Pick<TestUser, 'accessToken'>,
  body: Submission | string,
  options: SubmitOptions = {},
) {
  const headers: Record<string, string> = authHeaders(user.accessToken)
  if (options.key !== null) headers['idempotency-key'] = options.key ?? crypto.randomUUID()
  if (options.fault) headers['x-emulator-fault'] = options.fault
  if (options.tag) headers['x-emulator-tag'] = options.tag
  if (options.requestId) headers['x-request-id'] = options.requestId
  return call('/api/writing/assessments', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(options.cf ? { cf: options.cf } : {}),
  } as RequestInit)
}

/** A registered user with `slots` assessments of `module` granted directly. */
export async function userWithSlots(
  slots: number,
  module: ModuleId = 'academic_writing',
  call: Call = api,
): Promise<TestUser & { homeRegion: Region }> {
  const user = (await registerUser(call)) as TestUser & { homeRegion: Region }
  if (slots > 0) {
    await data.write([grantSlotsOp(user.id, module, slots, new Date().toISOString())], {
      homeRegion: user.homeRegion,
    })
  }
  return user
}

/** The entitlement counters as stored (consistent read in the home region). */
export async function slotsOf(
  user: { id: string; homeRegion: Region },
  module: ModuleId = 'academic_writing',
) {
  const item = await data.get(keys.entitlement(user.id, module), {
    homeRegion: user.homeRegion,
    consistent: true,
  })
  return { remaining: item?.remaining ?? 0, used: item?.used ?? 0 }
}

/** The idempotency item of a key, or null. */
export function idempotencyItem(user: { id: string; homeRegion: Region }, key: string) {
  return data.get(keys.idempotency(user.id, 'writing', key), {
    homeRegion: user.homeRegion,
    consistent: true,
  })
}

/** The stored assessment item, or null. */
export function storedAssessment(user: { id: string; homeRegion: Region }, id: string) {
  return data.get(keys.assessment(user.id, id), { homeRegion: user.homeRegion, consistent: true })
}

export type AssessmentBody = {
  assessment: {
    id: string
    kind: string
    module: string
    title: string
    overallBand: number | null
    provisional: boolean
    createdAt: string
    result: Record<string, unknown> & {
      text: string
      taskBand: number
      model: { id: string; region: string; calls: number; repaired: boolean } | null
      quotes: { checked: number; dropped: number }
      criteria: { id: string; band: number; evidence: string[] }[]
      corrections: { quote: string }[]
    }
  }
}

export type ErrorBody = {
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> }
}
