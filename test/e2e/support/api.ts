/** A user registered through the API, with their first access token. */
export type ApiUser = { id: string; accessToken: string }

/** Calls the dev stack's API as the mobile app would (JSON, bearer token when given). */
export function apiClient(apiUrl: string) {
  const call = (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
    fetch(`${apiUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  return {
    call,
    /** `POST /api/auth/register` with a fresh email; fails unless 201. */
    async register(): Promise<ApiUser> {
      const email = `e2e-${crypto.randomUUID()}@example.test`
      const res = await call('/api/auth/register', {
        body: { email, password: `pw-${crypto.randomUUID()}` },
      })
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`)
      const body = (await res.json()) as { user: { id: string }; accessToken: string }
      return { id: body.user.id, accessToken: body.accessToken }
    },
    /** `GET /api/entitlements`, keyed by module. */
    async entitlements(user: ApiUser): Promise<Record<string, Record<string, number>>> {
      const res = await call('/api/entitlements', { token: user.accessToken })
      if (res.status !== 200) throw new Error(`entitlements: ${res.status} ${await res.text()}`)
      const { entitlements } = (await res.json()) as {
        entitlements: ({ module: string } & Record<string, number>)[]
      }
      return Object.fromEntries(entitlements.map(({ module, ...counts }) => [module, counts]))
    },
  }
}
