import { createApp } from './app'
import { lastResort } from './http/last-resort'
import { runScheduledJobs } from './scheduled'

export { SpeakingSession } from './speaking-session'

const app = createApp()

export default {
  fetch: lastResort(app.fetch),
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime)),
} satisfies ExportedHandler<Record<string, unknown>>
