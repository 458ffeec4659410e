import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { MODULE_INFO, MODULES } from '../../shared/modules'
import { jsonResponse, PUBLIC } from '../http/openapi'
import type { AppEnv } from '../types'
import { buildCatalog, MODULE_PRICE } from './catalog'

const Module = z
  .object({
    id: z.enum(MODULES),
    title: z.string(),
    skill: z.enum(['writing', 'speaking']),
    track: z.enum(['academic', 'general']),
    price: z.object({
      amountCents: z.number().int().openapi({ example: 3600 }),
      currency: z.string().openapi({ example: 'USD' }),
      display: z.string().openapi({ example: '$36.00' }),
    }),
    assessmentsPerPurchase: z.number().int().openapi({ example: 4 }),
    products: z.object({ apple: z.string(), google: z.string() }),
  })
  .openapi('CatalogModule')

const Catalog = z.object({ modules: z.array(Module) }).openapi('Catalog')

// The catalog as `wrangler.toml`'s production defaults make it.
const EXAMPLE_CATALOG = {
  modules: MODULES.map((module) => ({
    ...MODULE_INFO[module],
    price: MODULE_PRICE,
    assessmentsPerPurchase: 4,
    products: { apple: `com.ieltsgenaiprep.app.${module}`, google: module },
  })),
}

export const catalogRoute = createRoute({
  method: 'get',
  path: '/api/catalog',
  operationId: 'getCatalog',
  tags: ['Purchases'],
  summary: 'The four modules: price, assessments per purchase and store product ids',
  security: PUBLIC,
  responses: {
    200: jsonResponse('The catalog', Catalog, EXAMPLE_CATALOG),
  },
})

/** `GET /api/catalog`: public; the same for everyone, so caches may keep it for a minute. */
export function registerCatalog(app: OpenAPIHono<AppEnv>) {
  app.openapi(catalogRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=60')
    return c.json({ modules: buildCatalog(c.get('services').config.catalog) }, 200)
  })
}
