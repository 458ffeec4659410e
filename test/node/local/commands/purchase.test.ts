import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { parsePurchaseArgs, purchaseCommand } from '../../../../local/commands/purchase'
import type { Emulator } from '../../../../local/emulators'
import { startAppleEmulator } from '../../../../local/emulators/apple'
import { startGoogleEmulator } from '../../../../local/emulators/google'
import { closedPort, runCli, writeWorkerEnv } from './support'

const userId = crypto.randomUUID()

describe('npm run local -- purchase: arguments', () => {
  it('parses a store, a module and the user id', () => {
    expect(parsePurchaseArgs(['apple', 'academic_writing', userId])).toEqual({
      store: 'apple',
      module: 'academic_writing',
      userId,
      withoutAccountId: false,
    })
    expect(parsePurchaseArgs(['google', 'general_writing', userId, '--no-account-id'])).toEqual({
      store: 'google',
      module: 'general_writing',
      userId,
      withoutAccountId: true,
    })
  })

  it('says what is wrong, then the usage', () => {
    const cases: [string[], RegExp][] = [
      [[], /the store is apple or google/],
      [['amazon', 'academic_writing', userId], /not "amazon"/],
      [['apple', 'academic_maths', userId], /unknown module "academic_maths"; modules: academic_/],
      [['apple', 'academic_writing'], /userId is the user.id \(a UUID\)/],
      [['apple', 'academic_writing', 'ada@example.com'], /userId is the user.id/],
      [['apple', 'academic_writing', userId, 'extra'], /unexpected argument extra/],
      [['google', 'academic_writing', userId, '--colour'], /unknown option --colour/],
      [['apple', 'academic_writing', userId, '--no-account-id'], /for google only/],
    ]
    for (const [args, problem] of cases) {
      expect(() => parsePurchaseArgs(args)).toThrow(problem)
      expect(() => parsePurchaseArgs(args)).toThrow(
        /usage: npm run local -- purchase <apple\|google> <module> <userId>/,
      )
    }
  })
})

describe('npm run local -- purchase: the dev stack', () => {
  let apple: Emulator
  let google: Emulator
  let dataDir: string
  beforeAll(async () => {
    ;[apple, google] = await Promise.all([startAppleEmulator(), startGoogleEmulator()])
  })
  afterAll(() => Promise.all([apple.stop(), google.stop()]))
  afterEach(() => {
    vi.restoreAllMocks()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const stackIn = (dir: string) => ({ apiUrl: '', controlUrl: '', dataDir: dir })
  const fresh = () => {
    dataDir = mkdtempSync(join(tmpdir(), 'purchase-cmd-'))
    return dataDir
  }

  it('prints what the app would send, read from the worker.env npm run dev writes', async () => {
    const dir = fresh()
    writeWorkerEnv(dir, { ...apple.vars, ...google.vars })
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await purchaseCommand.run(['apple', 'academic_writing', userId], stackIn(dir))
    await purchaseCommand.run(['google', 'general_writing', userId], stackIn(dir))
    const [signedTransaction, googleJson] = printed.mock.calls.map(([line]) => String(line))
    expect(signedTransaction).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(JSON.parse(googleJson!)).toEqual({
      productId: 'general_writing',
      purchaseToken: expect.any(String),
    })
  })

  it('says to start npm run dev when it has not written its files', async () => {
    const dir = fresh()
    await expect(
      purchaseCommand.run(['apple', 'academic_writing', userId], stackIn(dir)),
    ).rejects.toThrow(/worker\.env: start `npm run dev` first/)
  })

  it('says the stack is not running when the emulators do not answer', async () => {
    const dir = fresh()
    writeWorkerEnv(dir, { APPLE_API_URL_SANDBOX: `http://127.0.0.1:${await closedPort()}/sandbox` })
    await expect(
      purchaseCommand.run(['apple', 'academic_writing', userId], stackIn(dir)),
    ).rejects.toThrow(/apple store emulator \(.+\) is not answering: is `npm run dev` running\?/)
  })

  it('exits 1 with a clear message when no dev stack was ever started here', async () => {
    const dir = fresh()
    const { code, stderr } = await runCli(['purchase', 'apple', 'academic_writing', userId], dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/No running dev stack found: start `npm run dev` first/)
  })
})
