import type { Item, WriteOp } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import { isRegion, type Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient } from '../data/client'

export type Provider = 'apple' | 'google'

/** An account as sessions and tokens see it. */
export type Account = { id: string; email: string; homeRegion: Region }

/** The `EMAIL#` item: the email's owner and, for password accounts, the password hash. */
export type Credential = Account & { passwordHash?: string }

export type Identity = { provider: Provider; subject: string; email?: string }

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists.')
    this.name = 'EmailTakenError'
  }
}

export class IdentityTakenError extends Error {
  constructor() {
    super('This identity is already linked to an account.')
    this.name = 'IdentityTakenError'
  }
}

const notThere = { itemExists: false } as const

/**
 * Creates an account in one transaction in its home region: the profile, the `EMAIL#`
 * item (conditional: the email is unique) and, for a social sign-up, the `IDP#` item and
 * its link in the user's partition (conditional: one account per identity).
 *
 * @example
 * await createAccount(c.get('data'), { email, homeRegion: 'eu-west-1', passwordHash, now: Date.now() })
 */
export async function createAccount(
  data: DataClient,
  input: {
    email: string
    homeRegion: Region
    passwordHash?: string
    identity?: Identity
    now: number
  },
): Promise<Account> {
  const account = { id: crypto.randomUUID(), email: input.email, homeRegion: input.homeRegion }
  const createdAt = new Date(input.now).toISOString()
  const profile = {
    ...keys.user(account.id),
    kind: 'profile',
    userId: account.id,
    ...pick(account),
    createdAt,
  }
  const credential = {
    ...keys.email(account.email),
    kind: 'credential',
    userId: account.id,
    email: account.email,
    homeRegion: account.homeRegion,
    createdAt,
    ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}),
  }
  const ops: WriteOp[] = [
    { put: { item: profile, condition: notThere } },
    { put: { item: credential, condition: notThere } },
    ...(input.identity ? identityOps(account, input.identity, createdAt) : []),
  ]
  try {
    await data.write(ops, { homeRegion: account.homeRegion })
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    throw error.failed.some((f) => f.index === 1) ? new EmailTakenError() : new IdentityTakenError()
  }
  return account
}

/**
 * The `EMAIL#` item of a normalised email, or null. A strongly consistent read in the
 * nearest region (usually the home one): a login right after sign-up must find it.
 */
export async function findCredential(data: DataClient, email: string): Promise<Credential | null> {
  return toCredential(await data.get(keys.email(email), { consistent: true }))
}

/** Stores a rehashed password, unless the hash changed meanwhile. */
export async function replacePasswordHash(data: DataClient, credential: Credential, hash: string) {
  const condition = {
    attribute: 'passwordHash',
    compare: 'eq',
    value: credential.passwordHash ?? '',
  } as const
  await data.write(
    [{ update: { key: keys.email(credential.email), set: { passwordHash: hash }, condition } }],
    {
      homeRegion: credential.homeRegion,
    },
  )
}

/** The account an identity is linked to, or null. */
export async function findIdentityAccount(
  data: DataClient,
  identity: Identity,
): Promise<Account | null> {
  const link = await data.get(keys.identity(identity.provider, identity.subject))
  if (typeof link?.userId !== 'string' || !isRegion(link.homeRegion)) return null
  const profile = await data.get(keys.user(link.userId), {
    homeRegion: link.homeRegion,
    consistent: true,
  })
  if (typeof profile?.email !== 'string') return null
  return { id: link.userId, email: profile.email, homeRegion: link.homeRegion }
}

/** Links an identity to an existing account (sign-in by a verified email it already has). */
export async function linkIdentity(
  data: DataClient,
  account: Account,
  identity: Identity,
  now: number,
) {
  try {
    await data.write(identityOps(account, identity, new Date(now).toISOString()), {
      homeRegion: account.homeRegion,
    })
  } catch (error) {
    throw error instanceof ConditionFailedError ? new IdentityTakenError() : error
  }
}

function identityOps(account: Account, identity: Identity, linkedAt: string): WriteOp[] {
  const { provider, subject } = identity
  const email = identity.email ?? null
  const item = {
    ...keys.identity(provider, subject),
    kind: 'identity',
    userId: account.id,
    homeRegion: account.homeRegion,
    provider,
    subject,
    email,
    linkedAt,
  }
  const link = {
    ...keys.identityLink(account.id, provider, subject),
    kind: 'identity-link',
    provider,
    subject,
    email,
    linkedAt,
  }
  return [{ put: { item, condition: notThere } }, { put: { item: link } }]
}

function toCredential(item: Item | null): Credential | null {
  if (typeof item?.userId !== 'string' || typeof item.email !== 'string') return null
  if (!isRegion(item.homeRegion)) return null
  const hash = typeof item.passwordHash === 'string' ? item.passwordHash : undefined
  return { id: item.userId, email: item.email, homeRegion: item.homeRegion, passwordHash: hash }
}

function pick(account: Account) {
  return { email: account.email, homeRegion: account.homeRegion }
}
