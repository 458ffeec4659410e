import type { Key } from './data-api'

/**
 * Every entity's key in the single table, built in one place (the layout is documented
 * with the table in `shared/table.ts`). Everything a user owns lives under
 * `USER#<id>`, so export and erasure are one partition walk; `TXN#` claims outlive an
 * erased account (the stores need transaction ids for refunds, and a receipt must never
 * grant twice).
 */
export const keys = {
  user: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  email: (normalizedEmail: string): Key => ({ pk: `EMAIL#${normalizedEmail}`, sk: 'EMAIL' }),
  identity: (provider: 'apple' | 'google', subject: string): Key => ({
    pk: `IDP#${provider}#${subject}`,
    sk: 'IDP',
  }),
  /** The user's side of a linked identity, so export and erasure find the `IDP#` item. */
  identityLink: (userId: string, provider: 'apple' | 'google', subject: string): Key => ({
    pk: `USER#${userId}`,
    sk: `IDP#${provider}#${subject}`,
  }),
  entitlement: (userId: string, module: string): Key => ({
    pk: `USER#${userId}`,
    sk: `ENT#${module}`,
  }),
  purchase: (userId: string, store: 'apple' | 'google', transactionId: string): Key => ({
    pk: `USER#${userId}`,
    sk: `PURCHASE#${store}#${transactionId}`,
  }),
  /**
   * A granted Apple purchase's place in the reconciliation queue (sparse `gsi1`, TTL-bound;
   * `worker/purchases/apple/reconciliation.ts`). In the user's partition, so erasure takes it.
   */
  appleReconciliation: (userId: string, transactionId: string): Key => ({
    pk: `USER#${userId}`,
    sk: `RECONCILE#apple#${transactionId}`,
  }),
  claim: (store: 'apple' | 'google', transactionId: string): Key => ({
    pk: `TXN#${store}#${transactionId}`,
    sk: 'CLAIM',
  }),
  assessment: (userId: string, assessmentId: string): Key => ({
    pk: `USER#${userId}`,
    sk: `ASSESS#${assessmentId}`,
  }),
  /** Idempotency records are scoped per user and per operation (`writing`, `speaking`). */
  idempotency: (userId: string, scope: string, idempotencyKey: string): Key => ({
    pk: `USER#${userId}`,
    sk: `IDEM#${scope}#${idempotencyKey}`,
  }),
  notification: (store: 'apple' | 'google', notificationId: string): Key => ({
    pk: `NOTIF#${store}#${notificationId}`,
    sk: 'NOTIF',
  }),
  speakingSession: (sessionId: string): Key => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' }),
}

/** The partition holding everything a user owns. */
export const userPartition = (userId: string) => `USER#${userId}`

/** Sort-key prefixes inside a user's partition, for queries. */
export const USER_ITEM_PREFIX = {
  entitlement: 'ENT#',
  purchase: 'PURCHASE#',
  assessment: 'ASSESS#',
  idempotency: 'IDEM#',
  identityLink: 'IDP#',
} as const
