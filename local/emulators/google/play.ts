import type { Context, Hono } from 'hono'
import { DEFAULT_PRODUCT_IDS, isModule } from '../../../shared/modules'

/** A purchase the emulator minted, in Play's ProductPurchase terms. */
export type PlayPurchase = {
  packageName: string
  productId: string
  purchaseToken: string
  orderId: string
  /** 0 purchased, 1 canceled, 2 pending. */
  purchaseState: 0 | 1 | 2
  consumptionState: 0 | 1
  /** 0 test (licence tester), absent for a real purchase. */
  purchaseType: number | undefined
  obfuscatedExternalAccountId: string | undefined
  quantity: number
  purchaseTimeMillis: number
  /** Test switch: the next N consume calls answer 503. */
  failConsumes: number
  consumeCalls: number
}

const STATES = { purchased: 0, canceled: 1, pending: 2 } as const

/** Play's error body shape (`{ error: { code, message, status, errors: [{ reason }] } }`). */
function playError(c: Context, code: 400 | 401 | 404 | 503, message: string, reason: string) {
  const status = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    404: 'NOT_FOUND',
    503: 'UNAVAILABLE',
  }[code]
  return c.json(
    { error: { code, message, status, errors: [{ message, domain: 'androidpublisher', reason }] } },
    code,
  )
}

/**
 * The androidpublisher v3 `purchases.products` get and consume over minted purchases, and
 * the admin routes that mint and steer them (`/_admin/purchases…`).
 */
export function mountPlay(
  app: Hono,
  options: { packageName: string; authorised(bearer: string | undefined): boolean },
) {
  const purchases = new Map<string, PlayPurchase>()
  const base = '/androidpublisher/v3/applications/:app/purchases/products/:product/tokens/:token'

  const find = (c: Context) => {
    const purchase = purchases.get(c.req.param('token')?.replace(/:consume$/, '') ?? '')
    if (!purchase)
      return playError(c, 404, 'The purchase token was not found.', 'purchaseTokenNotFound')
    if (purchase.packageName !== c.req.param('app')) {
      return playError(
        c,
        400,
        'The purchase token does not match the package name.',
        'purchaseTokenDoesNotMatchPackageName',
      )
    }
    if (purchase.productId !== c.req.param('product')) {
      return playError(
        c,
        400,
        'The purchase token does not match the product ID.',
        'purchaseTokenDoesNotMatchProductId',
      )
    }
    return purchase
  }
  const authorised = (c: Context) =>
    options.authorised(/^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1])

  app.get(base, (c) => {
    if (!authorised(c)) return playError(c, 401, 'Invalid Credentials', 'authError')
    const found = find(c)
    if (found instanceof Response) return found
    const {
      failConsumes: _f,
      consumeCalls: _c,
      packageName: _p,
      purchaseToken: _t,
      ...fields
    } = found
    return c.json({
      kind: 'androidpublisher#productPurchase',
      ...fields,
      purchaseTimeMillis: String(found.purchaseTimeMillis),
      acknowledgementState: found.consumptionState,
    })
  })

  app.post(base, (c) => {
    if (!c.req.param('token')?.endsWith(':consume')) return c.notFound()
    if (!authorised(c)) return playError(c, 401, 'Invalid Credentials', 'authError')
    const found = find(c)
    if (found instanceof Response) return found
    found.consumeCalls++
    if (found.failConsumes > 0) {
      found.failConsumes--
      return playError(c, 503, 'The service is currently unavailable.', 'backendError')
    }
    if (found.purchaseState !== 0)
      return playError(
        c,
        400,
        'The purchase is not in a consumable state.',
        'purchaseNotConsumable',
      )
    found.consumptionState = 1
    return c.body(null, 204)
  })

  app.post('/_admin/purchases', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>
    const productId =
      typeof body.productId === 'string'
        ? body.productId
        : isModule(body.module)
          ? DEFAULT_PRODUCT_IDS.google[body.module]
          : undefined
    if (!productId) return c.json({ error: 'module or productId is required' }, 400)
    const purchase: PlayPurchase = {
      packageName: typeof body.packageName === 'string' ? body.packageName : options.packageName,
      productId,
      purchaseToken: `${crypto.randomUUID()}.${crypto.randomUUID()}`.replace(/-/g, ''),
      orderId: `GPA.${Math.floor(1000 + Math.random() * 9000)}-${Date.now()}`,
      purchaseState: STATES[body.state as keyof typeof STATES] ?? 0,
      consumptionState: 0,
      purchaseType: body.test === false ? undefined : 0,
      obfuscatedExternalAccountId:
        typeof body.accountId === 'string'
          ? body.accountId
          : typeof body.userId === 'string'
            ? body.userId
            : undefined,
      quantity: typeof body.quantity === 'number' ? body.quantity : 1,
      purchaseTimeMillis: Date.now(),
      failConsumes: typeof body.failConsumes === 'number' ? body.failConsumes : 0,
      consumeCalls: 0,
    }
    purchases.set(purchase.purchaseToken, purchase)
    return c.json({
      productId,
      purchaseToken: purchase.purchaseToken,
      orderId: purchase.orderId,
      packageName: purchase.packageName,
    })
  })

  app.get('/_admin/purchases/:token', (c) => {
    const purchase = purchases.get(c.req.param('token'))
    return purchase ? c.json(purchase) : c.json({ error: 'no such purchase' }, 404)
  })

  app.post('/_admin/purchases/:token', async (c) => {
    const purchase = purchases.get(c.req.param('token'))
    if (!purchase) return c.json({ error: 'no such purchase' }, 404)
    const body = (await c.req.json()) as { state?: keyof typeof STATES; failConsumes?: number }
    if (body.state && body.state in STATES) purchase.purchaseState = STATES[body.state]
    if (typeof body.failConsumes === 'number') purchase.failConsumes = body.failConsumes
    return c.json(purchase)
  })

  return purchases
}
