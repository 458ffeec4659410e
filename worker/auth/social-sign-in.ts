import { ApiError } from '../../shared/errors'
import type { Region } from '../../shared/regions'
import type { DataClient } from '../data/client'
import {
  type Account,
  createAccount,
  EmailTakenError,
  findCredential,
  findIdentityAccount,
  IdentityTakenError,
  linkIdentity,
} from './accounts'
import type { VerifiedIdentity } from './id-tokens'

/**
 * The account a verified Apple or Google identity signs in to: the one already linked to
 * it; else the account holding its email, when the provider vouches for that email (the
 * identity is linked to it); else a new account (home region: the caller's nearest).
 * A race with another sign-up of the same identity or email is resolved by one retry.
 *
 * @example
 * const { account, created } = await socialSignIn(c.get('data'), identity, { homeRegion, now })
 */
export async function socialSignIn(
  data: DataClient,
  identity: VerifiedIdentity,
  options: { homeRegion: Region; now: number },
): Promise<{ account: Account; created: boolean }> {
  try {
    return await attempt(data, identity, options)
  } catch (error) {
    if (!(error instanceof EmailTakenError || error instanceof IdentityTakenError)) throw error
    return attempt(data, identity, options)
  }
}

async function attempt(
  data: DataClient,
  identity: VerifiedIdentity,
  options: { homeRegion: Region; now: number },
): Promise<{ account: Account; created: boolean }> {
  const linked = await findIdentityAccount(data, identity)
  if (linked) return { account: linked, created: false }
  if (!identity.email) {
    throw new ApiError(
      'BAD_REQUEST',
      'The token carries no email address; sign in once with email sharing allowed.',
    )
  }
  const owner = await findCredential(data, identity.email)
  if (owner) {
    if (!identity.emailVerified) {
      throw new ApiError(
        'EMAIL_TAKEN',
        'An account with this email exists; sign in with its password first.',
      )
    }
    await linkIdentity(data, owner, identity, options.now)
    return {
      account: { id: owner.id, email: owner.email, homeRegion: owner.homeRegion },
      created: false,
    }
  }
  if (!identity.emailVerified) {
    throw new ApiError('FORBIDDEN', 'The provider has not verified this email address.')
  }
  const account = await createAccount(data, {
    email: identity.email,
    homeRegion: options.homeRegion,
    identity,
    now: options.now,
  })
  return { account, created: true }
}
