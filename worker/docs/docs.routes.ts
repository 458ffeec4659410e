import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../types'

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'IELTS GenAI Prep API',
    version: '1',
    description:
      'Accounts, store purchases, and IELTS writing and speaking assessments scored with Amazon Nova. Errors are `{ "error": { "code", "message", "requestId" } }`.',
  },
  servers: [{ url: '/' }],
}

// A page that renders the document with Scalar's standalone build from its CDN; the
// document itself never leaves this worker.
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IELTS GenAI Prep API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><script id="api-reference" data-url="/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script></body></html>`

/** `GET /openapi.json` from the route definitions, and `GET /docs` that renders it. */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  })
  app.doc31('/openapi.json', DOCUMENT)
  app.get('/docs', (c) => {
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; style-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; font-src https://cdn.jsdelivr.net data:; img-src 'self' data:",
    )
    return c.html(DOCS_PAGE)
  })
}
