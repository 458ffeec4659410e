/**
 * The conversation so far, replayed as TEXT blocks when a new stream continues an old one.
 * Nova Sonic accepts history once, after the system prompt and before audio, and expects
 * alternating turns that start with the user. The shaping follows AWS's session-continuation
 * sample (amazon-nova-samples, repeatable-patterns/session-continuation): merge consecutive
 * same-role messages, start with a USER turn, keep within byte budgets (50 KB a message,
 * 200 KB in all, the sample's defaults), dropping the oldest first.
 */

export type HistoryRole = 'USER' | 'ASSISTANT'
export type HistoryMessage = { role: HistoryRole; text: string }

export type HistoryLimits = { maxMessageBytes: number; maxTotalBytes: number }

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  maxMessageBytes: 50 * 1024,
  maxTotalBytes: 200 * 1024,
}

/** Stands in for the user when the history would otherwise open with the assistant. */
export const OPENING_USER_TURN = '(The candidate has joined the speaking test.)'

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text).byteLength

/**
 * The messages to replay, shaped as described above.
 *
 * @example
 * shapeHistory([{ role: 'ASSISTANT', text: 'Good morning.' }, { role: 'USER', text: 'Hello.' }])
 * // [{ role: 'USER', text: OPENING_USER_TURN }, { role: 'ASSISTANT', … }, { role: 'USER', … }]
 */
export function shapeHistory(
  messages: readonly HistoryMessage[],
  limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
): HistoryMessage[] {
  const merged: HistoryMessage[] = []
  for (const message of messages) {
    const text = message.text.trim()
    if (text === '') continue
    const last = merged.at(-1)
    if (last && last.role === message.role) last.text = `${last.text} ${text}`
    else merged.push({ role: message.role, text })
  }
  const capped = merged.map((m) => ({
    role: m.role,
    text: truncate(m.text, limits.maxMessageBytes),
  }))
  let total = capped.reduce((sum, m) => sum + bytes(m.text), 0)
  while (capped.length > 0 && total > limits.maxTotalBytes) total -= bytes(capped.shift()!.text)
  if (capped[0]?.role === 'ASSISTANT') capped.unshift({ role: 'USER', text: OPENING_USER_TURN })
  return capped
}

function truncate(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text
  const marker = ' … [earlier part omitted]'
  const keep = encoder.encode(text).slice(-(maxBytes - bytes(marker)))
  // Keep the end of a long turn (the most recent speech); drop a split UTF-8 sequence.
  return `${marker.trim()} ${new TextDecoder().decode(keep).replace(/^\uFFFD+/, '')}`
}
