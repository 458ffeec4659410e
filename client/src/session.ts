import type { TokenStore, Tokens } from './tokens'

export type RefreshOutcome = { ok: true; tokens: Tokens } | { ok: false; response: Response }

/**
 * Refreshes the session at most once at a time. Every caller that finds its access token
 * refused while a refresh is under way waits for that same refresh: the API rotates the
 * refresh token on every use and treats a second use of a rotated token as theft (it ends
 * the session), so two refreshes in parallel would sign the user out.
 */
export class SessionRefresher {
  private inFlight: Promise<RefreshOutcome> | null = null

  constructor(
    private readonly store: TokenStore,
    private readonly refresh: (refreshToken: string) => Promise<RefreshOutcome>,
    private readonly onExpired: () => void,
  ) {}

  /**
   * A fresh access token after `rejected` was refused, or null when the session is over.
   * When another request already refreshed (the stored token is no longer `rejected`), its
   * token is used without a refresh of our own.
   */
  async renew(rejected: string): Promise<string | null> {
    const current = await this.store.get()
    if (!current) return null
    if (current.accessToken !== rejected) return current.accessToken
    this.inFlight ??= this.run(current.refreshToken).finally(() => {
      this.inFlight = null
    })
    const outcome = await this.inFlight
    return outcome.ok ? outcome.tokens.accessToken : null
  }

  private async run(refreshToken: string): Promise<RefreshOutcome> {
    const outcome = await this.refresh(refreshToken)
    if (outcome.ok) {
      await this.store.set(outcome.tokens)
    } else if (outcome.response.status === 401) {
      // The refresh token is dead (expired, revoked, reused): sign in again.
      await this.store.set(null)
      this.onExpired()
    }
    return outcome
  }
}
