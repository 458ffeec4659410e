import { z } from '@hono/zod-openapi'
import { jsonResponse } from '../http/openapi'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy'

/** Emails are trimmed and lower-cased before anything else sees them. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .email('must be an email address')
  .openapi({ example: 'ada@example.com' })

/** A password being chosen: 8–256 characters, not one of the most common. */
export const NewPassword = z
  .string()
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .openapi({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' })

/** A password being checked: no policy (it was chosen under older rules), only a bound. */
export const Password = z.string().min(1).max(1024).openapi({ format: 'password' })

export const RefreshToken = z
  .string()
  .min(1)
  .max(512)
  .openapi({ description: 'The opaque refresh token from the last sign-in or refresh.' })

export const Credentials = z.object({ email: Email, password: NewPassword }).openapi('Registration')
export const Login = z.object({ email: Email, password: Password }).openapi('Login')
export const RefreshRequest = z.object({ refreshToken: RefreshToken }).openapi('RefreshRequest')

const TokenFields = {
  accessToken: z.string().openapi({ description: 'EdDSA JWT, 15 minutes; send as Bearer.' }),
  refreshToken: z.string().openapi({ description: 'Opaque; rotated on every use.' }),
  expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires.' }),
  tokenType: z.literal('Bearer'),
}

export const SessionUser = z.object({ id: z.uuid(), email: z.string() }).openapi('SessionUser')

export const SignedIn = z.object({ user: SessionUser, ...TokenFields }).openapi('SignedIn')
export const Refreshed = z.object(TokenFields).openapi('Refreshed')

export const EXAMPLE_USER_ID = '3b241101-e2bb-4255-8caf-4136c566a962'
export const EXAMPLE_REFRESH_TOKEN = `rt1.0.${EXAMPLE_USER_ID}.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l`
const EXAMPLE_TOKENS = {
  accessToken:
    'eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl',
  refreshToken: EXAMPLE_REFRESH_TOKEN,
  expiresIn: 900,
  tokenType: 'Bearer' as const,
}
export const EXAMPLE_SIGNED_IN = {
  user: { id: EXAMPLE_USER_ID, email: 'ada@example.com' },
  ...EXAMPLE_TOKENS,
}
export const EXAMPLE_REFRESHED = {
  ...EXAMPLE_TOKENS,
  refreshToken: EXAMPLE_REFRESH_TOKEN.replace('.0.H', '.1.H'),
}

/** The answer of every sign-in (register, login, Apple, Google), with its example. */
export const signedInResponse = (description: string) =>
  jsonResponse(description, SignedIn, EXAMPLE_SIGNED_IN)

// The error shape and body helpers are shared by every route; re-exported for the routes
// that have always imported them from here.
export { errorContent, jsonBody } from '../http/openapi'
