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
  /** 0 yet to be acknowledged, 1 acknowledged (consuming acknowledges too). */
  acknowledgementState: 0 | 1
  obfuscatedExternalAccountId: string | undefined
  obfuscatedExternalProfileId: string | undefined
  quantity: number
  regionCode: string
  purchaseTimeMillis: number
  /** Test switch: the next N consume calls answer 503. */
  failConsumes: number
  consumeCalls: number
}

const STATES = { purchased: 0, canceled: 1, pending: 2 } as const

/** What the Play emulator serves of androidpublisher v3 (the conformance suite covers each). */
export const PLAY_ENDPOINTS = {
  get: 'GET /androidpublisher/v3/applications/{packageName}/purchases/products/{productId}/tokens/{token}',
  acknowledge:
    'POST /androidpublisher/v3/applications/{packageName}/purchases/products/{productId}/tokens/{token}:acknowledge',
  consume:
    'POST /androidpublisher/v3/applications/{packageName}/purchases/products/{productId}/tokens/{token}:consume',
} as const

/**
 * Play's error body shape (`{ error: { code, message, errors: [{ message, domain, reason,
 * location, locationType }], status } }`); the purchase errors name the `token` parameter.
 */
function playError(c: Context, code: 400 | 404 | 503, message: string, reason: string) {
  const status = { 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 503: 'UNAVAILABLE' }[code]
  const domain = code === 400 ? 'androidpublisher' : 'global'
  const where = code === 503 ? {} : { location: 'token', locationType: 'parameter' }
  return c.json(
    { error: { code, message, errors: [{ message, domain, reason, ...where }], status } },
    code,
  )
}

/**
 * What a Google API answers a request it cannot authorise: 401 with `WWW-Authenticate`
 * for a missing or unusable token, 403 for a token without the API's scope, each in
 * Google's error shape.
 */
function authError(c: Context, why: 'unauthenticated' | 'insufficient_scope') {
  if (why === 'insufficient_scope') {
    c.header(
      'WWW-Authenticate',
      'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/androidpublisher"',
    )
    const message = 'Request had insufficient authentication scopes.'
    return c.json(
      {
        error: {
          code: 403,
          message,
          errors: [
            {
              message: 'Insufficient Permission',
              domain: 'global',
              reason: 'insufficientPermissions',
            },
          ],
          status: 'PERMISSION_DENIED',
        },
      },
      403,
    )
  }
  c.header('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"')
  return c.json(
    {
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        errors: [
          {
            message: 'Invalid Credentials',
            domain: 'global',
            reason: 'authError',
            location: 'Authorization',
            locationType: 'header',
          },
        ],
        status: 'UNAUTHENTICATED',
      },
    },
    401,
  )
}

/**
 * The androidpublisher v3 `purchases.products` get, acknowledge and consume over minted
 * purchases, and the admin routes that mint and steer them (`/_admin/purchases…`).
 */
export function mountPlay(
  app: Hono,
  options: {
    packageName: string
    access(bearer: string | undefined): 'granted' | 'unauthenticated' | 'insufficient_scope'
  },
) {
  const purchases = new Map<string, PlayPurchase>()
  const base = '/androidpublisher/v3/applications/:app/purchases/products/:product/tokens/:token'

  const find = (c: Context) => {
    const purchase = purchases.get(
      c.req.param('token')?.replace(/:(consume|acknowledge)$/, '') ?? '',
    )
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
  const access = (c: Context) =>
    options.access(/^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1])

  app.get(base, (c) => {
    const granted = access(c)
    if (granted !== 'granted') return authError(c, granted)
    const found = find(c)
    if (found instanceof Response) return found
    return c.json(productPurchase(found))
  })

  app.post(base, async (c) => {
    const method = /:(consume|acknowledge)$/.exec(c.req.param('token') ?? '')?.[1]
    if (!method) return c.notFound()
    const granted = access(c)
    if (granted !== 'granted') return authError(c, granted)
    const found = find(c)
    if (found instanceof Response) return found
    if (method === 'acknowledge') {
      if (found.purchaseState !== 0) {
        return playError(
          c,
          400,
          'The purchase is not in a valid state to perform the desired operation.',
          'invalidPurchaseState',
        )
      }
      found.acknowledgementState = 1
      return c.body(null, 204)
    }
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
    found.acknowledgementState = 1
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
      acknowledgementState: 0,
      obfuscatedExternalProfileId: typeof body.profileId === 'string' ? body.profileId : undefined,
      regionCode: typeof body.regionCode === 'string' ? body.regionCode : 'GB',
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

/**
 * A purchase as `purchases.products.get` answers it (ProductPurchase): every field Google
 * documents for a one-time product; `purchaseType` only for test and promo purchases,
 * the obfuscated ids only when the app set them.
 */
function productPurchase(p: PlayPurchase): Record<string, unknown> {
  return {
    kind: 'androidpublisher#productPurchase',
    purchaseTimeMillis: String(p.purchaseTimeMillis),
    purchaseState: p.purchaseState,
    consumptionState: p.consumptionState,
    developerPayload: '',
    orderId: p.orderId,
    ...(p.purchaseType === undefined ? {} : { purchaseType: p.purchaseType }),
    acknowledgementState: p.acknowledgementState,
    purchaseToken: p.purchaseToken,
    productId: p.productId,
    quantity: p.quantity,
    ...(p.obfuscatedExternalAccountId === undefined
      ? {}
      : { obfuscatedExternalAccountId: p.obfuscatedExternalAccountId }),
    ...(p.obfuscatedExternalProfileId === undefined
      ? {}
      : { obfuscatedExternalProfileId: p.obfuscatedExternalProfileId }),
    regionCode: p.regionCode,
    refundableQuantity: p.purchaseState === 1 ? 0 : p.quantity,
  }
}
