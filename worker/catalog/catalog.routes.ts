import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { MODULES } from '../../shared/modules'
import type { AppEnv } from '../types'
import { buildCatalog } from './catalog'

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

export const catalogRoute = createRoute({
  method: 'get',
  path: '/api/catalog',
  tags: ['Purchases'],
  summary: 'The four modules: price, assessments per purchase and store product ids',
  responses: {
    200: { description: 'The catalog', content: { 'application/json': { schema: Catalog } } },
  },
})

/** `GET /api/catalog`: public; the same for everyone, so caches may keep it for a minute. */
export function registerCatalog(app: OpenAPIHono<AppEnv>) {
  app.openapi(catalogRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=60')
    return c.json({ modules: buildCatalog(c.get('services').config.catalog) }, 200)
  })
}
