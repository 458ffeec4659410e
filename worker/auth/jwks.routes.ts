import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent, jsonResponse, PUBLIC } from '../http/openapi'
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
  operationId: 'getJwks',
  tags: ['Accounts'],
  summary: 'The public keys access tokens are signed with (EdDSA, Ed25519)',
  security: PUBLIC,
  responses: {
    200: jsonResponse('JSON Web Key Set', Jwks, {
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          kid: '2026-01-01-a1b2c3',
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    }),
    500: errorContent('`BAD_ENVIRONMENT`: no signing key is configured'),
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
