import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { MODULES } from '../../shared/modules'
import { requireAuth } from '../auth/require-auth'
import { errorContent, jsonBody } from '../auth/schemas'
import type { AppEnv } from '../types'
import type { StoreDeps } from './deps'
import type { PurchaseGrant } from './grant'
import { purchaseWithApple } from './purchase-apple'
import { purchaseWithGoogle } from './purchase-google'

const Grant = z
  .object({
    purchase: z.object({
      store: z.enum(['apple', 'google']),
      transactionId: z.string(),
      productId: z.string(),
      module: z.enum(MODULES),
      quantity: z.number().int(),
      granted: z.number().int().openapi({ description: 'Assessments this purchase added' }),
      environment: z.enum(['Production', 'Sandbox']),
      purchasedAt: z.string(),
      grantedAt: z.string(),
    }),
  })
  .openapi('PurchaseGrant')

const AppleBody = z
  .object({ signedTransaction: z.string().min(1).max(20_000) })
  .openapi('ApplePurchase')
const GoogleBody = z
  .object({
    productId: z.string().min(1).max(150),
    purchaseToken: z.string().min(1).max(2048),
  })
  .openapi('GooglePurchase')

const responses = {
  200: {
    description: 'A replay: the original grant',
    content: { 'application/json': { schema: Grant } },
  },
  201: { description: 'Granted', content: { 'application/json': { schema: Grant } } },
  401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
  409: errorContent('`PURCHASE_ALREADY_CLAIMED` by another account'),
  422: errorContent('`INVALID_RECEIPT`; `details.reason` says which check failed'),
  502: errorContent('`STORE_UNAVAILABLE`: the store could not be asked; retry'),
}
const common = {
  method: 'post' as const,
  tags: ['Purchases'],
  security: [{ bearerAuth: [] }],
  responses,
}

export const applePurchaseRoute = createRoute({
  ...common,
  path: '/api/purchases/apple',
  middleware: [requireAuth()] as const,
  summary: 'Redeem a StoreKit 2 signed transaction; a replay answers the original grant',
  request: { body: jsonBody(AppleBody) },
})

export const googlePurchaseRoute = createRoute({
  ...common,
  path: '/api/purchases/google',
  middleware: [requireAuth()] as const,
  summary: 'Redeem a Google Play purchase token; a replay answers the original grant',
  request: { body: jsonBody(GoogleBody) },
})

function deps(c: Context<AppEnv>): StoreDeps {
  return { data: c.get('data'), services: c.get('services'), now: new Date() }
}

function answer(c: Context<AppEnv>, result: { grant: PurchaseGrant; replayed: boolean }) {
  c.get('log').info('purchase', { store: result.grant.store, replayed: result.replayed })
  return c.json({ purchase: result.grant }, result.replayed ? 200 : 201)
}

/** `POST /api/purchases/apple` and `POST /api/purchases/google`: verify, grant once, ever. */
export function registerPurchases(app: OpenAPIHono<AppEnv>) {
  app.openapi(applePurchaseRoute, async (c) => {
    const { signedTransaction } = c.req.valid('json')
    return answer(c, await purchaseWithApple(deps(c), c.get('user'), signedTransaction))
  })
  app.openapi(googlePurchaseRoute, async (c) => {
    return answer(c, await purchaseWithGoogle(deps(c), c.get('user'), c.req.valid('json')))
  })
}
