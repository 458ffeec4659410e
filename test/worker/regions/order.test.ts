import { describe, expect, it } from 'vitest'
import { distanceKm, orderRegions } from '../../../worker/regions/order'

describe('orderRegions', () => {
  it.each([
    ['New York', { latitude: '40.71', longitude: '-74.01', continent: 'NA' }, 'us-east-1'],
    ['São Paulo', { latitude: '-23.55', longitude: '-46.63', continent: 'SA' }, 'us-east-1'],
    ['Paris', { latitude: '48.85', longitude: '2.35', continent: 'EU' }, 'eu-west-1'],
    ['Lagos', { latitude: '6.52', longitude: '3.38', continent: 'AF' }, 'eu-west-1'],
    ['Mumbai', { latitude: '19.08', longitude: '72.88', continent: 'AS' }, 'ap-southeast-1'],
    ['Sydney', { latitude: '-33.87', longitude: '151.21', continent: 'OC' }, 'ap-southeast-1'],
    ['Cairo', { latitude: '30.04', longitude: '31.24', continent: 'AF' }, 'eu-west-1'],
    // A close call decided by distance, not continent: ~5,840 km to Singapore, ~5,900 to Dublin.
    ['Dubai', { latitude: '25.20', longitude: '55.27', continent: 'AS' }, 'ap-southeast-1'],
    ['Reykjavik', { latitude: '64.15', longitude: '-21.94', continent: 'EU' }, 'eu-west-1'],
  ])('puts the nearest region first for a caller in %s', (_city, cf, nearest) => {
    const order = orderRegions(cf)
    expect(order[0]).toBe(nearest)
    expect([...order].sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1'])
  })

  it('orders all three by distance, not only the first', () => {
    // Tokyo is ~9,600 km from Dublin and ~10,900 km from Virginia (over the pole).
    expect(orderRegions({ latitude: '35.68', longitude: '139.69' })).toEqual([
      'ap-southeast-1',
      'eu-west-1',
      'us-east-1',
    ])
    expect(orderRegions({ latitude: '51.5', longitude: '-0.12' })).toEqual([
      'eu-west-1',
      'us-east-1',
      'ap-southeast-1',
    ])
  })

  it.each([
    ['NA', ['us-east-1', 'eu-west-1', 'ap-southeast-1']],
    ['SA', ['us-east-1', 'eu-west-1', 'ap-southeast-1']],
    ['EU', ['eu-west-1', 'us-east-1', 'ap-southeast-1']],
    ['AF', ['eu-west-1', 'us-east-1', 'ap-southeast-1']],
    ['AS', ['ap-southeast-1', 'eu-west-1', 'us-east-1']],
    ['OC', ['ap-southeast-1', 'us-east-1', 'eu-west-1']],
  ])('falls back to the continent (%s) when coordinates are missing', (continent, expected) => {
    expect(orderRegions({ continent })).toEqual(expected)
  })

  it('ignores coordinates that are not numbers or out of range', () => {
    expect(orderRegions({ latitude: 'abc', longitude: '2', continent: 'AS' })[0]).toBe(
      'ap-southeast-1',
    )
    expect(orderRegions({ latitude: '95', longitude: '2', continent: 'EU' })[0]).toBe('eu-west-1')
  })

  it('has a deterministic default when cf is missing', () => {
    expect(orderRegions(undefined)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1'])
    expect(orderRegions({ continent: 'XX' })).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1'])
  })

  it('measures great-circle distance', () => {
    const london = { latitude: 51.5074, longitude: -0.1278 }
    const paris = { latitude: 48.8566, longitude: 2.3522 }
    expect(distanceKm(london, paris)).toBeGreaterThan(340)
    expect(distanceKm(london, paris)).toBeLessThan(345)
  })
})
