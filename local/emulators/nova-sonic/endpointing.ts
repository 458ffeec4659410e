/**
 * End-of-turn detection on 16 kHz 16-bit mono LPCM, in audio time (samples), so it behaves
 * the same whether audio arrives in real time or faster: a turn ends after speech followed
 * by a pause of the configured length. Nova 2 Sonic's pauses by `endpointingSensitivity`
 * (user guide, "Turn-taking controllability"): HIGH 1.5 s, MEDIUM 1.75 s, LOW 2 s.
 */

export const PAUSE_MS = { HIGH: 1500, MEDIUM: 1750, LOW: 2000 } as const

const SAMPLE_RATE = 16_000
const WINDOW_SAMPLES = 160 // 10 ms
/** RMS above this (about -36 dBFS) counts as speech. */
const SPEECH_RMS = 500
/** Shorter bursts (clicks) are not a turn. */
const MIN_SPEECH_MS = 100

export type Utterance = { speechMs: number }

/**
 * Feeds audio; returns each utterance that ended within it.
 *
 * @example
 * const turns = new Endpointer(PAUSE_MS.LOW)
 * for (const utterance of turns.push(pcm)) respond(utterance)
 */
export class Endpointer {
  readonly #pauseMs: number
  #carry = new Uint8Array(0)
  #speechMs = 0
  #silenceMs = 0

  constructor(pauseMs: number) {
    this.#pauseMs = pauseMs
  }

  push(pcm: Uint8Array): Utterance[] {
    const bytes = concat(this.#carry, pcm)
    const windowBytes = WINDOW_SAMPLES * 2
    const whole = bytes.byteLength - (bytes.byteLength % windowBytes)
    this.#carry = bytes.slice(whole)
    const view = new DataView(bytes.buffer, bytes.byteOffset, whole)
    const ended: Utterance[] = []
    const windowMs = (WINDOW_SAMPLES / SAMPLE_RATE) * 1000
    for (let offset = 0; offset < whole; offset += windowBytes) {
      if (rms(view, offset, WINDOW_SAMPLES) >= SPEECH_RMS) {
        this.#speechMs += windowMs + this.#silenceMs
        this.#silenceMs = 0
        continue
      }
      if (this.#speechMs === 0) continue
      this.#silenceMs += windowMs
      if (this.#silenceMs >= this.#pauseMs) {
        if (this.#speechMs >= MIN_SPEECH_MS) ended.push({ speechMs: Math.round(this.#speechMs) })
        this.#speechMs = 0
        this.#silenceMs = 0
      }
    }
    return ended
  }
}

function rms(view: DataView, offset: number, samples: number): number {
  let sum = 0
  for (let i = 0; i < samples; i++) {
    const sample = view.getInt16(offset + i * 2, true)
    sum += sample * sample
  }
  return Math.sqrt(sum / samples)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a)
  out.set(b, a.byteLength)
  return out
}

/** A sine tone as 16-bit mono LPCM at `sampleRate` (speech stand-in, examiner voice). */
export function tone(ms: number, sampleRate: number, hz = 220, amplitude = 6000): Uint8Array {
  const samples = Math.round((ms / 1000) * sampleRate)
  const out = new Uint8Array(samples * 2)
  const view = new DataView(out.buffer)
  for (let i = 0; i < samples; i++) {
    view.setInt16(
      i * 2,
      Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate)),
      true,
    )
  }
  return out
}

/** Silence as 16-bit mono LPCM. */
export function silence(ms: number, sampleRate: number): Uint8Array {
  return new Uint8Array(Math.round((ms / 1000) * sampleRate) * 2)
}
