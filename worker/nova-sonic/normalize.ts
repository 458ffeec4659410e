import { base64ToBytes } from '../lib/bytes'
import {
  type GenerationStage,
  generationStage,
  isInterruptionMarker,
  type OutputEvent,
} from './output-events'

/** What a conversation reports to its owner (the speaking session). */
export type ConversationEvent =
  /** 24 kHz 16-bit mono LPCM from the examiner; never stored or logged. */
  | { type: 'assistant_audio'; pcm: Uint8Array }
  | { type: 'assistant_text'; text: string; stage: GenerationStage }
  /** What the user said, FINAL ASR only. */
  | { type: 'user_text'; text: string }
  | { type: 'tool_use'; toolName: string; toolUseId: string; input: unknown }
  | { type: 'barge_in' }
  /** The assistant finished (or was interrupted in) its turn. */
  | { type: 'assistant_turn_end' }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'reconnecting' }
  | { type: 'stream_resumed'; reason: 'rotation' | 'dropped'; streams: number }
  | { type: 'failed'; reason: 'connect' | 'service' }
  | { type: 'closed' }

type Block = { type: 'TEXT' | 'AUDIO' | 'TOOL'; role: string; stage: GenerationStage | null }

/**
 * Turns one stream's raw events into conversation events: tracks each content block's role
 * and generation stage (set on its contentStart) so text is attributed correctly, and hides
 * the SPECULATIVE/FINAL and barge-in details of the wire format.
 *
 * @example
 * const normalize = new OutputNormalizer()
 * for (const out of normalize.next(parsedEvent)) owner(out)
 */
export class OutputNormalizer {
  readonly #blocks = new Map<string, Block>()

  next(event: OutputEvent): ConversationEvent[] {
    switch (event.name) {
      case 'contentStart': {
        const { contentId, type, role, additionalModelFields } = event.payload
        this.#blocks.set(contentId, { type, role, stage: generationStage(additionalModelFields) })
        return []
      }
      case 'textOutput':
        return this.#text(event.payload)
      case 'audioOutput':
        return [{ type: 'assistant_audio', pcm: base64ToBytes(event.payload.content) }]
      case 'toolUse':
        return [
          {
            type: 'tool_use',
            toolName: event.payload.toolName,
            toolUseId: event.payload.toolUseId,
            input: parseToolInput(event.payload.content),
          },
        ]
      case 'contentEnd':
        return this.#contentEnd(event.payload.contentId, event.payload.stopReason)
      case 'usageEvent':
        return [
          {
            type: 'usage',
            inputTokens: event.payload.totalInputTokens ?? 0,
            outputTokens: event.payload.totalOutputTokens ?? 0,
          },
        ]
      case 'completionStart':
      case 'completionEnd':
        // Deliberately nothing. Turn boundaries come from the FINAL assistant text block's
        // contentEnd, which the guide documents per turn; a completion brackets the whole
        // response to our prompt (the emulator ends it after our promptEnd). When it ends,
        // either we sent promptEnd ourselves (that stream is already retired and its output
        // ignored) or the service is about to close the stream — and the close is what the
        // conversation resumes on; acting on completionEnd as well would resume twice.
        return []
      case 'unknown':
        return []
    }
  }

  #text(payload: { contentId: string; content: string; role?: string }): ConversationEvent[] {
    if (isInterruptionMarker(payload.content)) return [{ type: 'barge_in' }]
    const block = this.#blocks.get(payload.contentId)
    const role = payload.role ?? block?.role
    // ASR transcripts arrive FINAL; a block without a stage is taken as final text.
    const stage = block?.stage ?? 'FINAL'
    if (role === 'USER')
      return stage === 'FINAL' ? [{ type: 'user_text', text: payload.content }] : []
    if (role === 'ASSISTANT') return [{ type: 'assistant_text', text: payload.content, stage }]
    return []
  }

  #contentEnd(contentId: string, stopReason: string | undefined): ConversationEvent[] {
    const block = this.#blocks.get(contentId)
    this.#blocks.delete(contentId)
    // The FINAL text block closes the assistant's turn (it follows the audio block).
    const turnOver =
      block?.role === 'ASSISTANT' &&
      block.type === 'TEXT' &&
      block.stage === 'FINAL' &&
      (stopReason === 'END_TURN' || stopReason === 'INTERRUPTED')
    return turnOver ? [{ type: 'assistant_turn_end' }] : []
  }
}

function parseToolInput(content: string): unknown {
  try {
    return JSON.parse(content)
  } catch {
    return null
  }
}
