import { Hono } from 'hono'

// The baseline every scenario is compared with: a bare Hono worker with one JSON route,
// built and served exactly like the real worker.
const app = new Hono()
app.get('/health', (c) => c.json({ status: 'ok' }))

export default app
