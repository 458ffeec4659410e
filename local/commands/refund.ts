import type { DevStackInfo, LocalCommand } from '.'
import { adminCall, type Store } from './purchase'

const USAGE = 'refund <apple|google> <transactionId|purchaseToken> [--reverse]'

export type RefundArgs = {
  store: Store
  /** Apple: the transaction id; Google: the purchase token. */
  id: string
  /** Apple only: reverse an earlier refund (REFUND_REVERSED) instead of refunding. */
  reverse: boolean
}

/**
 * `npm run local -- refund apple <transactionId>`: has the store emulator refund a purchase
 * it minted and deliver the notification to the running worker — a signed App Store
 * Server Notification V2 (REFUND, or REFUND_REVERSED with `--reverse`) or a Pub/Sub push
 * of a voided purchase with an OIDC token — and prints the worker's answer. Fails (exit 1)
 * when the worker does not answer 2xx.
 */
export const refundCommand: LocalCommand = {
  name: 'refund',
  usage: USAGE,
  summary: 'refund a minted purchase and send the store notification to the worker',
  async run(args, stack) {
    const parsed = parseRefundArgs(args)
    const answer =
      parsed.store === 'apple'
        ? await notifyApple(parsed, stack)
        : await notifyGoogle(parsed, stack)
    const line = `POST /webhooks/${parsed.store} → ${answer.status} ${answer.body}`
    if (answer.status < 200 || answer.status > 299) throw new Error(line)
    console.log(line)
  },
}

/**
 * Parses `<apple|google> <id> [--reverse]`; throws the usage and what was wrong otherwise.
 *
 * @example
 * parseRefundArgs(['apple', '1700000000000001']) // { store: 'apple', id: '1700000000000001', reverse: false }
 */
export function parseRefundArgs(args: string[]): RefundArgs {
  const flags = args.filter((arg) => arg.startsWith('--'))
  const [store, id, ...extra] = args.filter((arg) => !arg.startsWith('--'))
  const unknownFlag = flags.find((flag) => flag !== '--reverse')
  if (unknownFlag) usage(`unknown option ${unknownFlag}`)
  if (store !== 'apple' && store !== 'google')
    usage(`the store is apple or google, not "${store ?? ''}"`)
  if (!id) usage(`the ${store === 'apple' ? 'transactionId' : 'purchaseToken'} is missing`)
  if (store === 'apple' && !/^\d{1,32}$/.test(id)) {
    usage('an Apple transactionId is digits (the purchase command printed it on stderr)')
  }
  if (extra.length > 0) usage(`unexpected argument ${extra[0]}`)
  const reverse = flags.includes('--reverse')
  if (reverse && store === 'google')
    usage('--reverse is for apple only: Play does not reverse a void')
  return { store, id, reverse }
}

function usage(problem: string): never {
  throw new Error(`${problem}\nusage: npm run local -- ${USAGE}`)
}

type WebhookAnswer = { status: number; body: string }

async function notifyApple(args: RefundArgs, stack: DevStackInfo): Promise<WebhookAnswer> {
  const action = args.reverse ? 'refund-reversal' : 'refund'
  const { signedPayload } = await adminCall(
    stack.dataDir,
    'apple',
    `/_admin/transactions/${args.id}/${action}`,
    {},
  ).catch(unknownPurchase(args))
  const res = await fetch(`${stack.apiUrl}/webhooks/apple`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ signedPayload }),
  }).catch(() => {
    throw new Error(`The API at ${stack.apiUrl} is not answering: is \`npm run dev\` running?`)
  })
  return { status: res.status, body: await res.text() }
}

async function notifyGoogle(args: RefundArgs, stack: DevStackInfo): Promise<WebhookAnswer> {
  const purchase = `/_admin/purchases/${encodeURIComponent(args.id)}`
  await adminCall(stack.dataDir, 'google', purchase, { state: 'canceled' }).catch(
    unknownPurchase(args),
  )
  const pushed = await adminCall(stack.dataDir, 'google', '/_admin/pubsub/push', {
    url: `${stack.apiUrl}/webhooks/google`,
    notification: {
      voidedPurchaseNotification: { purchaseToken: args.id, productType: 2, refundType: 1 },
    },
  })
  return { status: Number(pushed.status), body: JSON.stringify(pushed.body) }
}

/** The emulators keep what they minted in memory: say so when they do not know the id. */
function unknownPurchase(args: RefundArgs) {
  return (error: Error): never => {
    if (!/ 404 /.test(error.message)) throw error
    const what = args.store === 'apple' ? 'transaction' : 'purchase token'
    throw new Error(
      `The ${args.store} emulator has no ${what} ${args.id}: it knows only purchases minted ` +
        'by `npm run local -- purchase` since this `npm run dev` started.',
    )
  }
}
