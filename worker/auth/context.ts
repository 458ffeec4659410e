import type { Region } from '../../shared/regions'

/**
 * Who is calling, as established by the access-token middleware (`requireAuth`, in
 * `worker/auth/`). Routes read it from `c.get('user')`; object-level authorization compares
 * `user.id` with the owner of every item a route reads.
 */
export type AuthUser = {
  id: string
  /** Where this user's writes go first (the access token's home-region claim). */
  homeRegion: Region
  /** The access token's `jti`. */
  tokenId: string
  /** The account's email, from the access token (lets `GET /api/me` skip the origin). */
  email?: string
}
