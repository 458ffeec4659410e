import { servicesFor } from './services/services'
import { SpeakingSessionObject } from './speaking/live/session-object'

/**
 * The speaking session's Durable Object class as `wrangler.toml` binds it
 * (`SPEAKING_SESSIONS`, class `SpeakingSession`): the session itself, given its services
 * by the composition root, as every other entry point is.
 */
export class SpeakingSession extends SpeakingSessionObject {
  constructor(ctx: DurableObjectState, env: Record<string, unknown>) {
    super(ctx, env, servicesFor(env))
  }
}
