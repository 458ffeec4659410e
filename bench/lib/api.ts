/** Minimal calls to the public API the scenarios need for their set-up. */
export type Session = {
  userId: string
  email: string
  password: string
  accessToken: string
  refreshToken: string
}

export async function call(apiUrl: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${apiUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
}

export async function register(apiUrl: string): Promise<Session> {
  const email = `bench-${crypto.randomUUID()}@example.com`
  const password = `bench ${crypto.randomUUID()}`
  const res = await call(apiUrl, '/api/auth/register', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  })
  if (res.status !== 201)
    throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`)
  const body = res.body as { user: { id: string }; accessToken: string; refreshToken: string }
  return {
    userId: body.user.id,
    email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
  }
}

export async function login(apiUrl: string, email: string, password: string): Promise<Session> {
  const res = await call(apiUrl, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  })
  if (res.status !== 200) throw new Error(`login answered ${res.status}`)
  const body = res.body as { user: { id: string }; accessToken: string; refreshToken: string }
  return {
    userId: body.user.id,
    email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
  }
}
