import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { APPLE_ROOT_CA_G3_SHA256 } from '../../../../worker/purchases/apple/chain'
import { readConfig } from '../../../../worker/services/config'

const G3_WITH_COLONS = APPLE_ROOT_CA_G3_SHA256.toUpperCase().replace(/(..)(?!$)/g, '$1:')

describe('readAppleConfig', () => {
  it('refuses another root than Apple Root CA - G3 in production, naming the variable only', () => {
    const testRoot = env.APPLE_ROOT_CA_SHA256 as string
    expect(testRoot).not.toBe(APPLE_ROOT_CA_G3_SHA256)
    let error: unknown
    try {
      readConfig({ ...env, DEPLOY_ENV: 'production' }).apple
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({
      code: 'BAD_ENVIRONMENT',
      details: { variables: ['APPLE_ROOT_CA_SHA256'] },
    })
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(testRoot)
  })

  it('accepts G3 in production, written in any case and with colons, and defaults to it', () => {
    const pinned = readConfig({
      ...env,
      DEPLOY_ENV: 'production',
      APPLE_ROOT_CA_SHA256: G3_WITH_COLONS,
    }).apple
    expect(pinned.APPLE_ROOT_CA_SHA256).toBe(APPLE_ROOT_CA_G3_SHA256)
    const { APPLE_ROOT_CA_SHA256: _root, ...unset } = env as Record<string, unknown>
    expect(readConfig({ ...unset, DEPLOY_ENV: 'production' }).apple.APPLE_ROOT_CA_SHA256).toBe(
      APPLE_ROOT_CA_G3_SHA256,
    )
  })

  it('lets sandbox and local deployments trust an emulator root', () => {
    for (const DEPLOY_ENV of ['sandbox', 'local']) {
      expect(readConfig({ ...env, DEPLOY_ENV }).apple.APPLE_ROOT_CA_SHA256).toBe(
        env.APPLE_ROOT_CA_SHA256,
      )
    }
  })
})
