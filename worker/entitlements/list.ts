import { USER_ITEM_PREFIX, userPartition } from '../../shared/keys'
import { MODULES, type ModuleId } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import type { DataClient } from '../data/client'

/** One module's counters as the API shows them. */
export type Entitlement = {
  module: ModuleId
  /** Assessments bought (every grant, refunded ones included). */
  purchased: number
  /** Assessments taken (they stay in the history after a refund). */
  used: number
  /** Assessments taken back by refunds. */
  revoked: number
  remaining: number
}

/**
 * Every module's entitlement for a user (zeros where nothing was bought), read from the
 * home region with a consistent read so a purchase just made shows at once.
 *
 * @example
 * const entitlements = await listEntitlements(c.get('data'), user.id, user.homeRegion)
 */
export async function listEntitlements(
  data: DataClient,
  userId: string,
  homeRegion: Region,
): Promise<Entitlement[]> {
  const { items } = await data.query(
    {
      pk: userPartition(userId),
      skBeginsWith: USER_ITEM_PREFIX.entitlement,
      consistent: true,
      limit: 100,
    },
    { homeRegion },
  )
  const byModule = new Map(items.map((item) => [item.module, item]))
  return MODULES.map((module) => {
    const item = byModule.get(module)
    return {
      module,
      purchased: count(item?.granted),
      used: count(item?.used),
      revoked: count(item?.revoked),
      remaining: count(item?.remaining),
    }
  })
}

const count = (value: unknown) => (typeof value === 'number' ? value : 0)
