/** What a sign-in or a refresh gives the app to keep. */
export type Tokens = { accessToken: string; refreshToken: string }

/**
 * Where the client keeps the tokens between requests. In an app, back it with the
 * platform's secure storage (Keychain, Keystore); `memoryTokenStore()` keeps them for the
 * life of the process.
 */
export type TokenStore = {
  get(): Tokens | null | Promise<Tokens | null>
  set(tokens: Tokens | null): void | Promise<void>
}

/** Tokens in memory only. */
export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next
    },
  }
}
