import { z } from 'zod'
import { DEFAULT_PRODUCT_IDS, MODULES, type ModuleId, type Store } from '../../shared/modules'

const productIds = (store: Store) =>
  z
    .string()
    .default(JSON.stringify(DEFAULT_PRODUCT_IDS[store]))
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' })
        return z.NEVER
      }
    })
    .pipe(
      z
        .record(z.enum(MODULES), z.string().min(1).max(150))
        .refine((ids) => MODULES.every((m) => ids[m]), 'every module needs a product id')
        .refine((ids) => new Set(Object.values(ids)).size === MODULES.length, 'ids are distinct'),
    )

/**
 * What the catalog sells: product ids per store (JSON objects module → product id) and how
 * many assessments one purchase grants.
 */
export const catalogConfigSchema = z.object({
  ASSESSMENTS_PER_PURCHASE: z.coerce.number().int().min(1).max(100).default(4),
  APPLE_PRODUCT_IDS: productIds('apple'),
  GOOGLE_PRODUCT_IDS: productIds('google'),
})

export type CatalogConfig = z.infer<typeof catalogConfigSchema>

/**
 * The module a store's product id unlocks, or undefined when it is none of ours.
 *
 * @example
 * moduleForProduct(config, 'google', 'academic_writing') // 'academic_writing'
 */
export function moduleForProduct(
  config: CatalogConfig,
  store: Store,
  productId: string,
): ModuleId | undefined {
  const ids = store === 'apple' ? config.APPLE_PRODUCT_IDS : config.GOOGLE_PRODUCT_IDS
  return MODULES.find((module) => ids[module] === productId)
}

/** The product id a store sells `module` under. */
export function productIdFor(config: CatalogConfig, store: Store, module: ModuleId): string {
  const ids = store === 'apple' ? config.APPLE_PRODUCT_IDS : config.GOOGLE_PRODUCT_IDS
  return ids[module] as string
}
