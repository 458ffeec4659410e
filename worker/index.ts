import { createApp } from './app'
import { warmOrigins } from './health/warm'

const app = createApp()

export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => ctx.waitUntil(warmOrigins(env, controller.scheduledTime)),
} satisfies ExportedHandler<Record<string, unknown>>
