import type { Region } from '../../shared/regions'

export type BreakerState = 'closed' | 'open' | 'half-open'

type RegionCircuit = { failures: number; openedAt: number | null; trialInFlight: boolean }

/**
 * A per-isolate circuit breaker per region: after `threshold` consecutive failures the
 * region is skipped for `cooldownMs`, then one trial call is let through (half-open);
 * its success closes the circuit and its failure opens it again.
 */
export class CircuitBreaker {
  readonly #threshold: number
  readonly #cooldownMs: number
  readonly #now: () => number
  readonly #circuits = new Map<Region, RegionCircuit>()

  constructor(options: { threshold: number; cooldownMs: number; now?: () => number }) {
    if (options.threshold < 1) throw new TypeError('threshold must be at least 1')
    this.#threshold = options.threshold
    this.#cooldownMs = options.cooldownMs
    this.#now = options.now ?? Date.now
  }

  state(region: Region): BreakerState {
    const circuit = this.#circuits.get(region)
    if (!circuit || circuit.openedAt === null) return 'closed'
    return this.#now() - circuit.openedAt >= this.#cooldownMs ? 'half-open' : 'open'
  }

  /** Whether a call may go to `region` now; claims the single trial of a half-open circuit. */
  tryAcquire(region: Region): boolean {
    const state = this.state(region)
    if (state === 'closed') return true
    if (state === 'open') return false
    const circuit = this.#circuit(region)
    if (circuit.trialInFlight) return false
    circuit.trialInFlight = true
    return true
  }

  recordSuccess(region: Region): void {
    this.#circuits.set(region, { failures: 0, openedAt: null, trialInFlight: false })
  }

  recordFailure(region: Region): void {
    const circuit = this.#circuit(region)
    circuit.failures += 1
    circuit.trialInFlight = false
    if (circuit.openedAt !== null || circuit.failures >= this.#threshold) {
      circuit.openedAt = this.#now()
    }
  }

  #circuit(region: Region): RegionCircuit {
    let circuit = this.#circuits.get(region)
    if (!circuit) {
      circuit = { failures: 0, openedAt: null, trialInFlight: false }
      this.#circuits.set(region, circuit)
    }
    return circuit
  }
}
