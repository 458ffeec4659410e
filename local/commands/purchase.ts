import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isModule, MODULES } from '../../worker/catalog/modules'
import type { LocalCommand } from '.'

const USAGE = 'purchase <apple|google> <module> <userId>'

/**
 * `npm run local -- purchase apple academic_writing <userId>`: mints a sandbox purchase in
 * the running dev stack's store emulator and prints what the app would send — the
 * StoreKit 2 signed transaction (Apple) or `{ productId, purchaseToken }` (Google). The
 * transaction id or purchase token goes to stderr for `npm run local -- refund …`.
 */
export const purchaseCommand: LocalCommand = {
  name: 'purchase',
  usage: USAGE,
  summary: 'mint a sandbox store purchase the local worker accepts',
  async run([store, module, userId], stack) {
    if ((store !== 'apple' && store !== 'google') || !isModule(module) || !userId) {
      throw new Error(`usage: npm run local -- ${USAGE}\nmodules: ${MODULES.join(', ')}`)
    }
    const minted = await adminCall(
      stack.dataDir,
      store,
      store === 'apple' ? '/_admin/transactions' : '/_admin/purchases',
      {
        module,
        userId,
      },
    )
    if (store === 'apple') {
      console.error(
        `transactionId ${minted.transactionId} (refund: npm run local -- refund apple ${minted.transactionId})`,
      )
      console.log(minted.signedTransaction)
    } else {
      console.error(`refund: npm run local -- refund google ${minted.purchaseToken}`)
      console.log(
        JSON.stringify({ productId: minted.productId, purchaseToken: minted.purchaseToken }),
      )
    }
  },
}

/** Calls a store emulator's admin API (loopback only), found through the dev worker's env. */
export async function adminCall(
  dataDir: string,
  store: 'apple' | 'google',
  path: string,
  body: unknown,
): Promise<Record<string, string>> {
  const res = await fetch(`${emulatorOrigin(dataDir, store)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${store} emulator: ${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, string>
}

function emulatorOrigin(dataDir: string, store: 'apple' | 'google'): string {
  const name = store === 'apple' ? 'APPLE_API_URL_SANDBOX' : 'GOOGLE_PLAY_API_URL'
  const env = readFileSync(join(dataDir, 'worker.env'), 'utf8')
  const line = env.split('\n').find((l) => l.startsWith(`${name}=`))
  if (!line) throw new Error(`${name} is not in ${dataDir}/worker.env: is the dev stack running?`)
  return new URL(JSON.parse(line.slice(name.length + 1)) as string).origin
}
