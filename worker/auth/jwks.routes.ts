import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../types'
import { signingKeys } from './signing-keys'

const Jwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        crv: z.string().optional(),
        x: z.string().optional(),
        kid: z.string().optional(),
        alg: z.string().optional(),
        use: z.string().optional(),
      }),
    ),
  })
  .openapi('Jwks')

export const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Accounts'],
  summary: 'The public keys access tokens are signed with (EdDSA, Ed25519)',
  responses: {
    200: { description: 'JSON Web Key Set', content: { 'application/json': { schema: Jwks } } },
  },
})

/**
 * `GET /.well-known/jwks.json`: every configured key's public half. Cached for five
 * minutes: during a rotation the new key is published (second in the list) a token
 * lifetime before it signs.
 */
export function registerJwks(app: OpenAPIHono<AppEnv>) {
  app.openapi(jwksRoute, async (c) => {
    const { publicJwks } = await signingKeys(c.get('services').config.auth)
    c.header('Cache-Control', 'public, max-age=300')
    return c.json({ keys: publicJwks.map((jwk) => ({ ...jwk, kty: jwk.kty! })) }, 200)
  })
}
