import type { LocalCommand } from '.'
import { adminCall } from './purchase'

const USAGE = 'refund <apple|google> <transactionId|purchaseToken>'

/**
 * `npm run local -- refund apple <transactionId>`: has the store emulator refund a purchase
 * it minted and deliver the notification to the running worker — a signed App Store
 * Server Notification V2 (REFUND) or a Pub/Sub push of a voided purchase with an OIDC
 * token — and prints the worker's answer.
 */
export const refundCommand: LocalCommand = {
  name: 'refund',
  usage: USAGE,
  summary: 'refund a minted purchase and send the store notification to the worker',
  async run([store, id], stack) {
    if ((store !== 'apple' && store !== 'google') || !id) {
      throw new Error(`usage: npm run local -- ${USAGE}`)
    }
    if (store === 'apple') {
      const { signedPayload } = await adminCall(
        stack.dataDir,
        'apple',
        `/_admin/transactions/${id}/refund`,
        {},
      )
      const res = await fetch(`${stack.apiUrl}/webhooks/apple`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ signedPayload }),
      })
      console.log(`POST /webhooks/apple → ${res.status} ${await res.text()}`)
      return
    }
    await adminCall(stack.dataDir, 'google', `/_admin/purchases/${id}`, { state: 'canceled' })
    const pushed = await adminCall(stack.dataDir, 'google', '/_admin/pubsub/push', {
      url: `${stack.apiUrl}/webhooks/google`,
      notification: {
        voidedPurchaseNotification: { purchaseToken: id, productType: 2, refundType: 1 },
      },
    })
    console.log(`POST /webhooks/google → ${pushed.status} ${JSON.stringify(pushed.body)}`)
  },
}
