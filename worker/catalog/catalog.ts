import { MODULE_INFO, MODULES, type ModuleInfo } from '../../shared/modules'
import { type CatalogConfig, productIdFor } from './config'

/** The list price of every module; the stores charge their local equivalent. */
export const MODULE_PRICE = { amountCents: 3600, currency: 'USD', display: '$36.00' } as const

export type CatalogEntry = ModuleInfo & {
  price: typeof MODULE_PRICE
  assessmentsPerPurchase: number
  products: { apple: string; google: string }
}

/**
 * The four modules with their price, what one purchase grants and the product id each
 * store sells them under.
 *
 * @example
 * buildCatalog(readCatalogConfig(env))[0] // { id: 'academic_speaking', price: { amountCents: 3600, … }, … }
 */
export function buildCatalog(config: CatalogConfig): CatalogEntry[] {
  return MODULES.map((module) => ({
    ...MODULE_INFO[module],
    price: MODULE_PRICE,
    assessmentsPerPurchase: config.ASSESSMENTS_PER_PURCHASE,
    products: {
      apple: productIdFor(config, 'apple', module),
      google: productIdFor(config, 'google', module),
    },
  }))
}
