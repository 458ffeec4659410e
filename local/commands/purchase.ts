import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isModule, MODULES, type ModuleId } from '../../shared/modules'
import type { LocalCommand } from '.'

const USAGE = 'purchase <apple|google> <module> <userId> [--no-account-id]'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type Store = 'apple' | 'google'

export type PurchaseArgs = {
  store: Store
  module: ModuleId
  userId: string
  /** Google only: leave `obfuscatedExternalAccountId` unset (an app that links no account). */
  withoutAccountId: boolean
}

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
  async run(args, stack) {
    const { store, module, userId, withoutAccountId } = parsePurchaseArgs(args)
    const path = store === 'apple' ? '/_admin/transactions' : '/_admin/purchases'
    const minted = await adminCall(stack.dataDir, store, path, {
      module,
      ...(withoutAccountId ? {} : { userId }),
    })
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

/**
 * Parses `<apple|google> <module> <userId> [--no-account-id]`; throws the usage and what
 * was wrong otherwise.
 *
 * @example
 * parsePurchaseArgs(['google', 'general_writing', userId]) // { store: 'google', module: 'general_writing', userId, withoutAccountId: false }
 */
export function parsePurchaseArgs(args: string[]): PurchaseArgs {
  const flags = args.filter((arg) => arg.startsWith('--'))
  const [store, module, userId, ...extra] = args.filter((arg) => !arg.startsWith('--'))
  const unknownFlag = flags.find((flag) => flag !== '--no-account-id')
  if (unknownFlag) usage(`unknown option ${unknownFlag}`)
  if (store !== 'apple' && store !== 'google')
    usage(`the store is apple or google, not "${store ?? ''}"`)
  if (!isModule(module)) usage(`unknown module "${module ?? ''}"; modules: ${MODULES.join(', ')}`)
  if (!userId || !UUID.test(userId)) {
    usage('userId is the user.id (a UUID) that POST /api/auth/register or /login answered')
  }
  if (extra.length > 0) usage(`unexpected argument ${extra[0]}`)
  const withoutAccountId = flags.includes('--no-account-id')
  if (withoutAccountId && store === 'apple') {
    usage('--no-account-id is for google only: an Apple purchase always names its user')
  }
  return { store, module, userId, withoutAccountId }
}

function usage(problem: string): never {
  throw new Error(`${problem}\nusage: npm run local -- ${USAGE}`)
}

/**
 * Calls a store emulator's admin API (loopback only), found through the environment the
 * running `npm run dev` wrote for its worker; says so plainly when that stack is gone.
 *
 * @example
 * await adminCall(stack.dataDir, 'google', '/_admin/purchases', { module, userId })
 */
export async function adminCall(
  dataDir: string,
  store: Store,
  path: string,
  body: unknown,
): Promise<Record<string, string>> {
  const origin = emulatorOrigin(dataDir, store)
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {
    throw new Error(
      `The ${store} store emulator (${origin}) is not answering: is \`npm run dev\` running? ` +
        `(${join(dataDir, 'dev-stack.json')} may be left from a run that has stopped.)`,
    )
  })
  if (!res.ok) throw new Error(`${store} emulator: ${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, string>
}

function emulatorOrigin(dataDir: string, store: Store): string {
  const name = store === 'apple' ? 'APPLE_API_URL_SANDBOX' : 'GOOGLE_PLAY_API_URL'
  const file = join(dataDir, 'worker.env')
  if (!existsSync(file)) {
    throw new Error(`No ${file}: start \`npm run dev\` first (it writes the emulators' addresses).`)
  }
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`))
  if (!line) throw new Error(`${name} is not in ${file}: restart \`npm run dev\`.`)
  return new URL(unquote(line.slice(name.length + 1))).origin
}

/** A dotenv value as `npm run dev` writes it: single-quoted (literal) or JSON double-quoted. */
function unquote(value: string): string {
  if (value.startsWith('"')) return JSON.parse(value) as string
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1)
  return value
}
