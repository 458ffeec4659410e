import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { MODULES } from '../../shared/modules'
import { requireAuth } from '../auth/require-auth'
import { errorContent, jsonBody } from '../auth/schemas'
import { BEARER, jsonBodyErrors, jsonResponse } from '../http/openapi'
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

const exampleGrant = (store: 'apple' | 'google', transactionId: string, productId: string) => ({
  purchase: {
    store,
    transactionId,
    productId,
    module: 'academic_writing' as const,
    quantity: 1,
    granted: 4,
    environment: 'Production' as const,
    purchasedAt: '2026-03-01T09:30:00.000Z',
    grantedAt: '2026-03-01T09:30:02.000Z',
  },
})

const responsesFor = (grant: z.output<typeof Grant>) => ({
  200: jsonResponse('A replay: the original grant', Grant, grant),
  201: jsonResponse('Granted', Grant, grant),
  400: errorContent('`VALIDATION_FAILED`'),
  401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
  409: errorContent('`PURCHASE_ALREADY_CLAIMED` by another account'),
  422: errorContent('`INVALID_RECEIPT`; `details.reason` says which check failed'),
  502: errorContent('`STORE_UNAVAILABLE`: the store could not be asked; retry'),
  503: errorContent('`ORIGIN_UNAVAILABLE`: nothing was granted; retry'),
  ...jsonBodyErrors,
})
const common = {
  method: 'post' as const,
  tags: ['Purchases'],
  security: BEARER,
}

export const applePurchaseRoute = createRoute({
  ...common,
  path: '/api/purchases/apple',
  middleware: [requireAuth()] as const,
  operationId: 'redeemApplePurchase',
  summary: 'Redeem a StoreKit 2 signed transaction; a replay answers the original grant',
  request: {
    body: jsonBody(AppleBody, {
      signedTransaction:
        'eyJhbGciOiJFUzI1NiIsIng1YyI6WyJNSUlFTURDQ0E3YWdBd0lCQWdJUWZUbGZkMGZOdkZXdnpDMVlJQU5zWGpBS0JnZ3Foa2pPUFFRREF6QjFNVVF3UWdZRFZRUURERHRCY0hCc1pTQlhiM0pzWkhkcFpHVWdSR1YyWld4dmNHVnlJRkpsYkdGMGFXOXVjeUJEWlhKMGFXWnBZMkYwYVc5dUlFRjFkR2h2Y21sMGVURUxNQWtHQTFVRUN3d0NSell4RXpBUkJnTlZCQW9NQ2tGd2NHeGxJRWx1WXk0eEN6QUpCZ05WQkFZVEFsVlQiXX0.eyJ0cmFuc2FjdGlvbklkIjoiMjAwMDAwMDg0MjAwMDAwMCJ9.c2lnbmF0dXJl',
    }),
  },
  responses: responsesFor(
    exampleGrant('apple', '2000000842000000', 'com.ieltsgenaiprep.app.academic_writing'),
  ),
})

export const googlePurchaseRoute = createRoute({
  ...common,
  path: '/api/purchases/google',
  middleware: [requireAuth()] as const,
  operationId: 'redeemGooglePurchase',
  summary: 'Redeem a Google Play purchase token; a replay answers the original grant',
  request: {
    body: jsonBody(GoogleBody, {
      productId: 'academic_writing',
      purchaseToken: 'opaque-token-up-to-2048-chars.AO-J1OxE3dY7mQ2r9LpZk8wV5bN1cT6hS4uF0gJ',
    }),
  },
  responses: responsesFor(exampleGrant('google', 'GPA.3312-5521-8843-10071', 'academic_writing')),
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
