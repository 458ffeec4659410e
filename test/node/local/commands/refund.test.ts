import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminCall } from '../../../../local/commands/purchase'
import { parseRefundArgs, refundCommand } from '../../../../local/commands/refund'
import type { Emulator } from '../../../../local/emulators'
import { startAppleEmulator } from '../../../../local/emulators/apple'
import { startGoogleEmulator } from '../../../../local/emulators/google'
import { closedPort, writeWorkerEnv } from './support'

describe('npm run local -- refund: arguments', () => {
  it('parses a store and an id, and --reverse for Apple', () => {
    expect(parseRefundArgs(['apple', '1700000000000001'])).toEqual({
      store: 'apple',
      id: '1700000000000001',
      reverse: false,
    })
    expect(parseRefundArgs(['apple', '17', '--reverse'])).toMatchObject({ reverse: true })
    expect(parseRefundArgs(['google', 'abc.DEF_123'])).toMatchObject({ id: 'abc.DEF_123' })
  })

  it('says what is wrong, then the usage', () => {
    const cases: [string[], RegExp][] = [
      [[], /the store is apple or google/],
      [['apple'], /the transactionId is missing/],
      [['google'], /the purchaseToken is missing/],
      [['apple', 'not-digits'], /an Apple transactionId is digits/],
      [['apple', '17', 'extra'], /unexpected argument extra/],
      [['google', 'token', '--reverse'], /--reverse is for apple only/],
      [['apple', '17', '--force'], /unknown option --force/],
    ]
    for (const [args, problem] of cases) {
      expect(() => parseRefundArgs(args)).toThrow(problem)
      expect(() => parseRefundArgs(args)).toThrow(/usage: npm run local -- refund <apple\|google>/)
    }
  })
})

describe('npm run local -- refund: the dev stack', () => {
  let apple: Emulator
  let google: Emulator
  let dataDir: string
  let stoppedApi: string
  beforeAll(async () => {
    ;[apple, google] = await Promise.all([startAppleEmulator(), startGoogleEmulator()])
    dataDir = mkdtempSync(join(tmpdir(), 'refund-cmd-'))
    writeWorkerEnv(dataDir, { ...apple.vars, ...google.vars })
    stoppedApi = `http://127.0.0.1:${await closedPort()}`
  })
  afterAll(async () => {
    await Promise.all([apple.stop(), google.stop()])
    rmSync(dataDir, { recursive: true, force: true })
  })
  const stack = () => ({ apiUrl: stoppedApi, controlUrl: '', dataDir })

  it('says the emulator knows only what this run minted', async () => {
    await expect(refundCommand.run(['apple', '42'], stack())).rejects.toThrow(
      /apple emulator has no transaction 42: it knows only purchases minted by `npm run local -- purchase`/,
    )
    await expect(refundCommand.run(['google', 'no-such-token'], stack())).rejects.toThrow(
      /google emulator has no purchase token no-such-token/,
    )
  })

  it('says the API is not answering when the worker is down', async () => {
    const minted = await adminCall(dataDir, 'apple', '/_admin/transactions', {
      module: 'general_speaking',
      userId: crypto.randomUUID(),
    })
    await expect(refundCommand.run(['apple', minted.transactionId!], stack())).rejects.toThrow(
      /The API at http:\/\/127\.0\.0\.1:\d+ is not answering: is `npm run dev` running\?/,
    )
    const google = await adminCall(dataDir, 'google', '/_admin/purchases', {
      module: 'general_speaking',
    })
    await expect(refundCommand.run(['google', google.purchaseToken!], stack())).rejects.toThrow(
      /push endpoint .+ is not answering/,
    )
  })
})
