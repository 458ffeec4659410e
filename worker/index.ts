import { createApp } from './app'
import { runScheduledJobs } from './scheduled'

export { SpeakingSession } from './speaking-session'

const app = createApp()

export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime)),
} satisfies ExportedHandler<Record<string, unknown>>
