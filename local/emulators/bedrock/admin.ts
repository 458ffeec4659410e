import type { Hono } from 'hono'
import { isRegion, REGIONS } from '../../../shared/regions'
import { isFault } from './faults'
import type { EmulatorState } from './server'

/**
 * The emulator's loopback admin API, for tests and for trying fail-over by hand:
 * `GET /_emulator/calls?tag=` (calls per region, optionally of one `x-emulator-tag`),
 * `PUT|DELETE /_emulator/faults/:region` (`{"fault":"throttle"}` until cleared) and
 * `POST /_emulator/reset`.
 */
export function registerAdmin(app: Hono, state: EmulatorState) {
  app.get('/_emulator/calls', (c) => {
    const tag = c.req.query('tag')
    const calls = state.calls.filter((call) => tag === undefined || call.tag === tag)
    const byRegion = Object.fromEntries(
      REGIONS.map((r) => [r, calls.filter((x) => x.region === r).length]),
    )
    return c.json({ tag: tag ?? null, total: calls.length, byRegion, calls })
  })
  app.put('/_emulator/faults/:region', async (c) => {
    const region = c.req.param('region')
    const { fault } = (await c.req.json().catch(() => ({}))) as { fault?: unknown }
    if (!isRegion(region) || !isFault(fault))
      return c.json({ error: 'unknown region or fault' }, 400)
    state.faults.set(region, fault)
    return c.json({ region, fault })
  })
  app.delete('/_emulator/faults/:region', (c) => {
    const region = c.req.param('region')
    if (!isRegion(region)) return c.json({ error: 'unknown region' }, 400)
    state.faults.delete(region)
    return c.body(null, 204)
  })
  app.post('/_emulator/reset', (c) => {
    state.calls.length = 0
    state.faults.clear()
    return c.body(null, 204)
  })
}
