import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIeltsClient, IeltsApiError, unwrap } from '../../client/src/index'
import { GOOD_ESSAY } from '../worker/writing/essays'
import { mintApplePurchase } from './support/dev-env'
import { type DevStack, startDevStack } from './support/dev-stack'

/** A client of the dev stack that counts the refreshes it sends. */
function countingClient(apiUrl: string) {
  const sent: string[] = []
  const ielts = createIeltsClient({
    baseUrl: apiUrl,
    fetch: (request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`)
      return fetch(request)
    },
  })
  return { ielts, refreshes: () => sent.filter((s) => s === 'POST /api/auth/refresh').length }
}

describe('@ielts-genai-prep/client against npm run dev', () => {
  let dev: DevStack
  beforeAll(async () => {
    dev = await startDevStack()
  })
  afterAll(async () => {
    expect(await dev.stop()).toBe(0)
  })

  it('registers, buys with a minted App Store transaction, writes, and reads the history', async () => {
    const { ielts } = countingClient(dev.apiUrl)
    const { user } = await ielts.register({
      email: `e2e-client-${crypto.randomUUID()}@example.test`,
      password: `pw-${crypto.randomUUID()}`,
    })
    const minted = await mintApplePurchase(dev, 'academic_writing', user.id)
    const { purchase } = await unwrap(
      ielts.api.POST('/api/purchases/apple', {
        body: { signedTransaction: minted.signedTransaction },
      }),
    )
    expect(purchase).toMatchObject({ store: 'apple', module: 'academic_writing' })

    const { tasks } = await unwrap(
      ielts.api.GET('/api/writing/tasks', {
        params: { query: { module: 'academic_writing', task: '2' } },
      }),
    )
    const task = tasks.find((t) => t.id === 'aw-t2-01')!
    const submission = { module: 'academic_writing' as const, taskId: task.id, text: GOOD_ESSAY }
    const key = crypto.randomUUID()
    const scored = await ielts.submitWritingAssessment(submission, key)
    expect(scored.assessment.overallBand).toEqual(expect.any(Number))
    // The app's retry of the same tap: the same assessment, charged once.
    const retried = await ielts.submitWritingAssessment(submission, key)
    expect(retried.assessment.id).toBe(scored.assessment.id)

    const { entitlements } = await unwrap(ielts.api.GET('/api/entitlements'))
    const writing = entitlements.find((e) => e.module === 'academic_writing')
    expect(writing).toMatchObject({ purchased: purchase.granted, used: 1 })

    const history = await unwrap(ielts.api.GET('/api/assessments'))
    expect(history.assessments.map((a) => a.id)).toEqual([scored.assessment.id])
    const one = await unwrap(
      ielts.api.GET('/api/assessments/{id}', { params: { path: { id: scored.assessment.id } } }),
    )
    expect(one.assessment.result).toEqual(scored.assessment.result)
  })

  it('refreshes once for concurrent requests the worker refused, then they all succeed', async () => {
    const { ielts, refreshes } = countingClient(dev.apiUrl)
    await ielts.register({
      email: `e2e-client-${crypto.randomUUID()}@example.test`,
      password: `pw-${crypto.randomUUID()}`,
    })
    const signedIn = (await ielts.tokens.get())!
    // An access token the worker refuses (as an expired one would be), same refresh token.
    await ielts.tokens.set({ ...signedIn, accessToken: `${signedIn.accessToken}x` })
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => unwrap(ielts.api.GET('/api/me'))),
    )
    expect(answers.every((a) => a.user.email?.startsWith('e2e-client-'))).toBe(true)
    expect(refreshes()).toBe(1)
    const renewed = (await ielts.tokens.get())!
    expect(renewed.refreshToken).not.toBe(signedIn.refreshToken)
  })

  it('throws IeltsApiError with the code and request id of a refused request', async () => {
    const { ielts } = countingClient(dev.apiUrl)
    const error = await ielts
      .login({ email: `nobody-${crypto.randomUUID()}@example.test`, password: 'not-a-password' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IeltsApiError)
    expect(error).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' })
    expect((error as IeltsApiError).requestId).toMatch(/\S{8,}/)
  })
})
