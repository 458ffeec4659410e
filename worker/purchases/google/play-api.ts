import { z } from 'zod'
import { ApiError } from '../../../shared/errors'
import { ReceiptError } from '../receipt-error'
import type { PlayApiConfig } from './config'
import { type ServiceAccountTokens, tokensFor } from './oauth'

const TIMEOUT_MS = 5000

/**
 * The fields of a ProductPurchase we act on
 * (https://developers.google.com/android-publisher/api-ref/rest/v3/purchases.products).
 * `purchaseState`: 0 purchased, 1 canceled, 2 pending. `purchaseType`: 0 test (licence
 * tester), 1 promo, 2 rewarded; absent for a real purchase. `consumptionState`: 0 not yet.
 */
const ProductPurchase = z.looseObject({
  purchaseTimeMillis: z.string().optional(),
  purchaseState: z.number().int().optional(),
  consumptionState: z.number().int().optional(),
  orderId: z.string().optional(),
  purchaseType: z.number().int().optional(),
  acknowledgementState: z.number().int().optional(),
  productId: z.string().optional(),
  quantity: z.number().int().optional(),
  obfuscatedExternalAccountId: z.string().optional(),
})

export type ProductPurchase = z.infer<typeof ProductPurchase>

/**
 * The Google Play Developer API (androidpublisher v3) calls for consumable products,
 * authorised with the service account's OAuth token.
 *
 * @example
 * const play = new GooglePlayApi({ config: readGoogleConfig(env) })
 * const purchase = await play.getProduct('academic_writing', token)
 */
export class GooglePlayApi {
  readonly #config: PlayApiConfig
  readonly #fetch: typeof fetch
  readonly #tokens: ServiceAccountTokens

  constructor(options: {
    config: PlayApiConfig
    fetch?: typeof fetch
    tokens?: ServiceAccountTokens
  }) {
    this.#config = options.config
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#tokens =
      options.tokens ?? tokensFor(options.config.GOOGLE_SERVICE_ACCOUNT_JSON, this.#fetch)
  }

  get packageName(): string {
    return this.#config.GOOGLE_PLAY_PACKAGE_NAME
  }

  /** `purchases.products.get`; throws `ReceiptError` when Google does not know the token here. */
  async getProduct(productId: string, purchaseToken: string): Promise<ProductPurchase> {
    const res = await this.#call('GET', this.#path(productId, purchaseToken))
    if (res.ok) {
      const parsed = ProductPurchase.safeParse(await res.json().catch(() => null))
      if (!parsed.success) throw unavailable('unexpected answer')
      return parsed.data
    }
    throw await refusal(res)
  }

  /** `purchases.products.consume`: lets the user buy the consumable again. */
  async consumeProduct(productId: string, purchaseToken: string): Promise<void> {
    const res = await this.#call('POST', `${this.#path(productId, purchaseToken)}:consume`)
    if (!res.ok) throw unavailable(`consume answered ${res.status}`)
  }

  #path(productId: string, purchaseToken: string): string {
    const app = encodeURIComponent(this.packageName)
    const product = encodeURIComponent(productId)
    const token = encodeURIComponent(purchaseToken)
    return `/androidpublisher/v3/applications/${app}/purchases/products/${product}/tokens/${token}`
  }

  async #call(method: 'GET' | 'POST', path: string): Promise<Response> {
    const bearer = await this.#tokens.get()
    const url = `${this.#config.GOOGLE_PLAY_API_URL.replace(/\/$/, '')}${path}`
    return this.#fetch(url, {
      method,
      headers: { Authorization: `Bearer ${bearer}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((cause: unknown) => {
      throw unavailable('unreachable', cause)
    })
  }
}

/** Play answers 400/404/410 for a token it does not know for this app and product. */
async function refusal(res: Response): Promise<Error> {
  if (res.status === 404 || res.status === 410) return new ReceiptError('PURCHASE_NOT_FOUND')
  if (res.status !== 400) return unavailable(`status ${res.status}`)
  const body = (await res.json().catch(() => null)) as {
    error?: { errors?: { reason?: string }[] }
  } | null
  const reasons = (body?.error?.errors ?? []).map((e) => e.reason ?? '')
  if (reasons.some((reason) => /package/i.test(reason))) return new ReceiptError('PACKAGE_MISMATCH')
  if (reasons.some((reason) => /product/i.test(reason))) return new ReceiptError('PRODUCT_MISMATCH')
  return new ReceiptError('PURCHASE_NOT_FOUND')
}

function unavailable(why: string, cause?: unknown): ApiError {
  return new ApiError('STORE_UNAVAILABLE', 'Google Play could not be reached; try again.', {
    details: { store: 'google' },
    cause: cause ?? new Error(why),
  })
}
