import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../types'
import { DOCUMENT } from './document'

/** Where the worker's static assets (`wrangler.toml` `[assets]`) serve the renderer. */
export const SCALAR_SCRIPT = '/docs/scalar-api-reference.js'

/**
 * What the renderer may do: nothing that leaves the page's origin. Scalar's standalone
 * build injects its styles at run time (hence `'unsafe-inline'` for styles only); its
 * fonts, telemetry, AI agent and request proxy are switched off in `RENDERER_CONFIG`, and
 * this policy would refuse them anyway.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const RENDERER_CONFIG = {
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  defaultOpenAllTags: true,
}

// Configured by attributes, not an inline script, so the CSP needs no script hash.
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${DOCUMENT.info.title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><script id="api-reference" data-url="/openapi.json" data-configuration="${JSON.stringify(
  RENDERER_CONFIG,
).replaceAll('"', '&quot;')}"></script>
<script src="${SCALAR_SCRIPT}"></script></body></html>`

/**
 * `GET /openapi.json` from the route definitions, and `GET /docs` that renders it with the
 * pinned `@scalar/api-reference` served by this worker's static assets: no CDN, so the
 * page works offline and loads nothing the lock file did not pin.
 */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The `accessToken` from register, login, refresh or a platform sign-in.',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'pubsubOidc', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Google Cloud Pub/Sub push: an OIDC token of the subscription’s service account, for `GOOGLE_PUBSUB_AUDIENCE`.',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'streamTicket', {
    type: 'apiKey',
    in: 'query',
    name: 'ticket',
    description:
      'The single-use ticket in `streamUrl` (60 s), for WebSocket clients that cannot set headers.',
  })
  app.doc31('/openapi.json', DOCUMENT)
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', DOCS_CSP)
    return c.html(DOCS_PAGE)
  })
}
