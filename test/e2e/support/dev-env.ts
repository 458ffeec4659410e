import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DevStack } from './dev-stack'

/** The dev stack's data directory, from its ready line (`… | data in <dir>`). */
export function devDataDir(dev: DevStack): string {
  const match = /\| data in (\S+)/.exec(dev.output())
  if (!match?.[1]) throw new Error('the dev stack printed no data directory')
  return match[1]
}

/**
 * One variable of the worker's environment as `npm run dev` wrote it
 * (`<dataDir>/worker.env`: `NAME='value'`, or a JSON string when the value holds a quote).
 *
 * @example
 * workerVar(dev, 'APPLE_API_URL_SANDBOX') // 'http://127.0.0.1:41234/sandbox'
 */
export function workerVar(dev: DevStack, name: string): string {
  const env = readFileSync(join(devDataDir(dev), 'worker.env'), 'utf8')
  const line = env.split('\n').find((l) => l.startsWith(`${name}=`))
  if (!line) throw new Error(`${name} is not in the dev stack's worker.env`)
  const raw = line.slice(name.length + 1)
  return raw.startsWith("'") ? raw.slice(1, -1) : (JSON.parse(raw) as string)
}

/**
 * Mints a sandbox StoreKit 2 transaction for `userId` in the dev stack's App Store emulator
 * (its loopback admin API, as `npm run local -- purchase apple …` does).
 *
 * @example
 * const { signedTransaction } = await mintApplePurchase(dev, 'academic_writing', user.id)
 */
export async function mintApplePurchase(
  dev: DevStack,
  module: string,
  userId: string,
): Promise<{ transactionId: string; signedTransaction: string }> {
  const origin = new URL(workerVar(dev, 'APPLE_API_URL_SANDBOX')).origin
  const res = await fetch(`${origin}/_admin/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ module, userId }),
  })
  if (!res.ok) throw new Error(`apple emulator: ${res.status} ${await res.text()}`)
  return (await res.json()) as { transactionId: string; signedTransaction: string }
}
