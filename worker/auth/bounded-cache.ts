/**
 * A least-recently-used map with a size bound, for per-isolate caches (verified access
 * tokens, revocation look-ups): a busy isolate must not grow without limit.
 *
 * @example
 * const cache = new BoundedCache<string, number>(2)
 * cache.set('a', 1); cache.set('b', 2); cache.set('c', 3) // 'a' is evicted
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>()
  readonly #max: number

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError('BoundedCache: max must be >= 1')
    this.#max = max
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value === undefined) return undefined
    // Re-insert so the Map's insertion order doubles as recency order.
    this.#entries.delete(key)
    this.#entries.set(key, value)
    return value
  }

  set(key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as K
      this.#entries.delete(oldest)
    }
  }

  delete(key: K): void {
    this.#entries.delete(key)
  }
}
