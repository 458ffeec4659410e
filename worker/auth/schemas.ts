import { z } from '@hono/zod-openapi'
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

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error')

/** A JSON error answer for the OpenAPI document. */
export const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
})

/** A JSON body for `createRoute`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
