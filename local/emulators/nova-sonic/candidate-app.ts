import WebSocket from 'ws'
import type { ServerMessage } from '../../../shared/speaking-messages'
import { silence, tone } from './endpointing'

/** 16 kHz 16-bit mono LPCM in 100 ms frames: a tone for the words, then a pause. */
function answerFrames(speechMs: number): Buffer[] {
  const audio = Buffer.concat([tone(speechMs, 16_000), silence(500, 16_000)])
  const frames: Buffer[] = []
  for (let at = 0; at < audio.byteLength; at += 3_200) frames.push(audio.subarray(at, at + 3_200))
  return frames
}

/** Where the stream is: the first URL (with its ticket), then by token to reconnect. */
export type StreamPlace = { firstUrl: string; reconnectUrl: string; token: string }

/** Waits before each reconnection (a restarting local worker takes a few seconds). */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000]

/**
 * The app's side of a scripted speaking test, for local tools: sends `ready`, answers each
 * examiner turn with generated 16 kHz audio (a tone, then a pause that ends the turn; the
 * emulator's script says what was "heard"), waits out the preparation minute, prints every
 * event, and reconnects with the access token if the stream drops before the test is over
 * (a restarted worker resumes the test). Resolves once `finished` arrived and the stream
 * closed.
 *
 * @example
 * const { events } = await holdTest({ firstUrl, reconnectUrl, token }, console.log, 60_000)
 */
export function holdTest(place: StreamPlace, print: (line: string) => void, timeoutMs: number) {
  return new Promise<{ events: ServerMessage[]; examinerAudioBytes: number }>((resolve, reject) => {
    const events: ServerMessage[] = []
    let examinerAudioBytes = 0
    let preparing = false
    let reconnects = 0
    let settled = false
    let ws: WebSocket
    const settle = (error?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      print(
        `(examiner audio received: ${Math.round(examinerAudioBytes / 1024)} KiB of 24 kHz LPCM)`,
      )
      if (error) reject(error)
      else resolve({ events, examinerAudioBytes })
    }
    const timer = setTimeout(() => {
      ws.terminate()
      settle(new Error('The test did not finish in time.'))
    }, timeoutMs)
    const speak = (ms: number) =>
      setTimeout(() => {
        if (ws.readyState !== WebSocket.OPEN) return
        for (const frame of answerFrames(ms)) ws.send(frame)
      }, 150)
    const onEvent = (event: ServerMessage) => {
      events.push(event)
      const line = describeEvent(event)
      if (line) print(line)
      if (event.type === 'part_started') preparing = event.part === 2
      if (event.type === 'notice' && event.code === 'SPEAK_NOW') {
        preparing = false
        speak(1_200)
      }
      if (event.type === 'examiner_text' && event.final && !preparing) speak(600)
    }
    const open = (url: string, headers: Record<string, string>) => {
      ws = new WebSocket(url, { headers })
      // A refused upgrade may also close: the first of the two decides.
      let over = false
      const once = () => {
        if (over) return false
        over = true
        return true
      }
      ws.on('open', () => {
        if (reconnects === 0) ws.send(JSON.stringify({ type: 'ready' }))
      })
      ws.on('message', (data, isBinary) => {
        if (isBinary) examinerAudioBytes += (data as Buffer).byteLength
        else onEvent(JSON.parse(data.toString()) as ServerMessage)
      })
      ws.on('unexpected-response', (req, res) => {
        req.destroy()
        // While a restarting worker comes back (5xx), keep trying; anything else is final.
        if (!once()) return
        if (reconnects > 0 && (res.statusCode ?? 0) >= 500) return reconnect()
        settle(new Error(`The stream was refused: HTTP ${res.statusCode}.`))
      })
      ws.on('error', () => undefined)
      ws.on('close', () => {
        if (!once()) return
        if (events.some((e) => e.type === 'finished')) return settle()
        reconnect()
      })
    }
    const reconnect = () => {
      if (settled) return
      const delay = RECONNECT_DELAYS_MS[reconnects++]
      if (delay === undefined)
        return settle(new Error('The stream closed before the test finished.'))
      print('(the stream dropped: reconnecting with the access token)')
      setTimeout(() => open(place.reconnectUrl, { authorization: `Bearer ${place.token}` }), delay)
    }
    open(place.firstUrl, {})
  })
}

/** One line per event; the examiner's speculative (not yet final) text is not printed. */
function describeEvent(event: ServerMessage): string | null {
  switch (event.type) {
    case 'part_started':
      return `— Part ${event.part} ${JSON.stringify(event.limits)}${event.card ? `\n  card: ${event.card.task}` : ''}`
    case 'examiner_text':
      return event.final ? `examiner: ${event.text}` : null
    case 'user_transcript':
      return `you:      ${event.text}`
    case 'notice':
      return `notice:   ${event.code} ${event.message}`
    case 'error':
      return `error:    ${event.code} ${event.message}`
    case 'finished':
      return `— finished: ${event.reason}`
  }
}
