import { z } from 'zod'

/**
 * The order Nova Sonic requires of input events (Nova 2 Sonic user guide, "Handling input
 * events with the bidirectional API"): sessionStart, promptStart, the SYSTEM text block,
 * optional history (non-interactive USER/ASSISTANT text) before any audio, then the AUDIO
 * block with audioInput, interactive USER text and TOOL results at any time, contentEnd
 * for every block, promptEnd with no block open, sessionEnd last. Independent of the
 * worker's schemas on purpose: a mistake there must not be mirrored here.
 */

/** What an accepted event means to the emulator. */
export type Effect =
  | { kind: 'none' }
  | { kind: 'setup'; systemPrompt?: string }
  | { kind: 'history'; role: 'USER' | 'ASSISTANT'; text: string }
  | { kind: 'audio'; base64: string }
  | { kind: 'user_text'; text: string }
  | { kind: 'tool_result'; toolUseId: string; content: string }
  | { kind: 'prompt_end' }
  | { kind: 'session_end' }

export type Verdict = { ok: true; effect: Effect } | { ok: false; message: string }

type Block = { type: string; role: string; interactive: boolean; text: string; toolUseId?: string }

const config = {
  inference: z.object({
    maxTokens: z.number().int().positive(),
    topP: z.number().min(0).max(1),
    temperature: z.number().min(0).max(1),
  }),
  audioOut: z.object({
    mediaType: z.literal('audio/lpcm'),
    sampleRateHertz: z.literal(24000),
    sampleSizeBits: z.literal(16),
    channelCount: z.literal(1),
    voiceId: z.string().min(1),
    encoding: z.literal('base64'),
  }),
  audioIn: z.object({
    mediaType: z.literal('audio/lpcm'),
    sampleRateHertz: z.literal(16000),
    sampleSizeBits: z.literal(16),
    channelCount: z.literal(1),
    encoding: z.literal('base64'),
  }),
  tools: z.array(
    z.object({
      toolSpec: z.object({ name: z.string().min(1), inputSchema: z.object({ json: z.string() }) }),
    }),
  ),
}

/**
 * Checks each event against the order; keeps the tools declared and the tool uses issued.
 *
 * @example
 * const order = new ProtocolChecker()
 * const verdict = order.accept(event)
 * if (!verdict.ok) sendValidationException(verdict.message)
 */
export class ProtocolChecker {
  promptName: string | null = null
  tools: string[] = []
  readonly #blocks = new Map<string, Block>()
  readonly #pendingToolUses = new Set<string>()
  #phase: 'session' | 'prompt' | 'system' | 'content' | 'ended-prompt' | 'ended' = 'session'
  #systemSeen = false
  #audioStarted = false

  /** The emulator issued a tool use: a TOOL result for it becomes acceptable. */
  issuedToolUse(toolUseId: string): void {
    this.#pendingToolUses.add(toolUseId)
  }

  accept(json: unknown): Verdict {
    const event = (json as { event?: Record<string, Record<string, unknown>> })?.event
    const names = event ? Object.keys(event) : []
    const name = names[0]
    if (!event || names.length !== 1 || !name) return fail('an event must have exactly one member')
    const body = event[name] ?? {}
    if (this.#phase === 'ended') return fail(`${name} after sessionEnd`)
    if (name === 'sessionStart') return this.#sessionStart(body)
    if (this.#phase === 'session') return fail(`${name} before sessionStart`)
    if (name === 'promptStart') return this.#promptStart(body)
    if (name === 'sessionEnd') return this.#sessionEnd()
    if (this.#phase === 'prompt' || this.promptName === null)
      return fail(`${name} before promptStart`)
    if (body.promptName !== this.promptName) return fail(`${name} names an unknown promptName`)
    switch (name) {
      case 'contentStart':
        return this.#contentStart(body)
      case 'textInput':
      case 'audioInput':
      case 'toolResult':
        return this.#content(name, body)
      case 'contentEnd':
        return this.#contentEnd(body)
      case 'promptEnd':
        return this.#promptEnd()
      default:
        return fail(`unknown event ${name}`)
    }
  }

  #sessionStart(body: Record<string, unknown>): Verdict {
    if (this.#phase !== 'session') return fail('sessionStart sent twice')
    if (!config.inference.safeParse(body.inferenceConfiguration).success) {
      return fail('sessionStart.inferenceConfiguration is invalid')
    }
    this.#phase = 'prompt'
    return ok({ kind: 'setup' })
  }

  #promptStart(body: Record<string, unknown>): Verdict {
    if (this.#phase !== 'prompt') return fail('promptStart out of order')
    if (typeof body.promptName !== 'string' || body.promptName === '')
      return fail('promptName missing')
    if (!config.audioOut.safeParse(body.audioOutputConfiguration).success) {
      return fail('promptStart.audioOutputConfiguration is invalid')
    }
    const tools = config.tools.safeParse(
      (body.toolConfiguration as { tools?: unknown } | undefined)?.tools ?? [],
    )
    if (!tools.success) return fail('promptStart.toolConfiguration is invalid')
    this.tools = tools.data.map((t) => t.toolSpec.name)
    this.promptName = body.promptName
    this.#phase = 'system'
    return ok({ kind: 'setup' })
  }

  #contentStart(body: Record<string, unknown>): Verdict {
    const contentName = String(body.contentName ?? '')
    if (!contentName || this.#blocks.has(contentName)) return fail('contentName missing or reused')
    const block: Block = {
      type: String(body.type),
      role: String(body.role),
      interactive: body.interactive === true,
      text: '',
    }
    const refusal = this.#blockAllowed(block, body)
    if (refusal) return fail(refusal)
    if (block.type === 'TOOL') {
      block.toolUseId = String(
        (body.toolResultInputConfiguration as { toolUseId?: unknown } | undefined)?.toolUseId,
      )
    }
    if (block.type === 'AUDIO') this.#audioStarted = true
    this.#blocks.set(contentName, block)
    return ok({ kind: 'none' })
  }

  #blockAllowed(block: Block, body: Record<string, unknown>): string | undefined {
    if (!this.#systemSeen) {
      if (block.type !== 'TEXT' || block.role !== 'SYSTEM' || block.interactive) {
        return 'the first content must be the SYSTEM text block'
      }
      return undefined
    }
    if (block.type === 'AUDIO') {
      if (this.#audioStarted) return 'only one AUDIO content block per prompt'
      if (block.role !== 'USER' || !block.interactive) return 'AUDIO must be interactive USER'
      if (!config.audioIn.safeParse(body.audioInputConfiguration).success) {
        return 'audioInputConfiguration is invalid'
      }
      return undefined
    }
    if (block.type === 'TEXT') {
      if (block.role === 'SYSTEM') return 'only one SYSTEM block'
      if (!block.interactive && this.#audioStarted) return 'history must come before audio'
      if (block.interactive && (block.role !== 'USER' || !this.#audioStarted)) {
        return 'interactive text is USER text after audio started'
      }
      return undefined
    }
    if (block.type === 'TOOL') {
      const id = (body.toolResultInputConfiguration as { toolUseId?: unknown } | undefined)
        ?.toolUseId
      if (typeof id !== 'string' || !this.#pendingToolUses.has(id)) return 'unknown toolUseId'
      return undefined
    }
    return `unknown content type ${block.type}`
  }

  #content(name: string, body: Record<string, unknown>): Verdict {
    const block = this.#blocks.get(String(body.contentName ?? ''))
    const expected = { textInput: 'TEXT', audioInput: 'AUDIO', toolResult: 'TOOL' }[name]
    if (!block || block.type !== expected) return fail(`${name} outside an open ${expected} block`)
    if (typeof body.content !== 'string') return fail(`${name}.content must be a string`)
    if (name === 'audioInput') return ok({ kind: 'audio', base64: body.content })
    if (name === 'toolResult') {
      this.#pendingToolUses.delete(block.toolUseId ?? '')
      return ok({ kind: 'tool_result', toolUseId: block.toolUseId ?? '', content: body.content })
    }
    block.text += body.content
    return ok({ kind: 'none' })
  }

  #contentEnd(body: Record<string, unknown>): Verdict {
    const contentName = String(body.contentName ?? '')
    const block = this.#blocks.get(contentName)
    if (!block) return fail('contentEnd for a block that is not open')
    this.#blocks.delete(contentName)
    if (block.role === 'SYSTEM') {
      this.#systemSeen = true
      this.#phase = 'content'
      return ok({ kind: 'setup', systemPrompt: block.text })
    }
    if (block.type !== 'TEXT') return ok({ kind: 'none' })
    if (block.interactive) return ok({ kind: 'user_text', text: block.text })
    return ok({ kind: 'history', role: block.role as 'USER' | 'ASSISTANT', text: block.text })
  }

  #promptEnd(): Verdict {
    if (this.#blocks.size > 0) return fail('promptEnd with content blocks still open')
    this.#phase = 'ended-prompt'
    return ok({ kind: 'prompt_end' })
  }

  #sessionEnd(): Verdict {
    if (this.#phase !== 'ended-prompt') return fail('sessionEnd before promptEnd')
    this.#phase = 'ended'
    return ok({ kind: 'session_end' })
  }
}

function ok(effect: Effect): Verdict {
  return { ok: true, effect }
}

function fail(message: string): Verdict {
  return { ok: false, message }
}
