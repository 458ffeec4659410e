import { randomUUID } from 'node:crypto'
import { Endpointer, PAUSE_MS } from './endpointing'
import { examinerLine, ResponseWriter } from './examiner'
import { type ChainState, eventFrame, exceptionFrame, verifySignedFrame } from './frames'
import { type Effect, ProtocolChecker } from './protocol'
import type { Script, SessionRecord, StreamRecord } from './script'
import type { FrameTransport } from './transport'

export type StreamContext = {
  script: Script
  record: SessionRecord
  stream: StreamRecord
  chain: ChainState
  region: string
  service: string
  streamLimitMs: number
  now: () => Date
}

/** How long the emulated model waits for a tool result before speaking anyway. */
const TOOL_RESULT_WAIT_MS = 5_000

/**
 * Serves one accepted stream, over either transport: verifies each frame and the event
 * order, transcribes the student's turns from the script, answers as the scripted
 * examiner, and closes at the stream limit. A failed check answers with a
 * `validationException` and closes, as Bedrock does.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => serveStream(webSocketTransport(ws), context))
 */
export function serveStream(transport: FrameTransport, context: StreamContext): void {
  const { script, record, stream } = context
  const order = new ProtocolChecker()
  let endpointer = new Endpointer(script.pauseMs ?? PAUSE_MS.MEDIUM)
  let writer: ResponseWriter | null = null
  let started = false
  let responses: Promise<void> = Promise.resolve()
  const toolWaits = new Map<string, () => void>()
  const send = (event: unknown) => {
    if (transport.isOpen()) transport.send(eventFrame(event))
  }
  const end = (how: NonNullable<StreamRecord['ended']>, failure?: string) => {
    if (stream.ended) return
    stream.ended = how
    if (failure) {
      stream.failure = failure
      if (transport.isOpen()) transport.send(exceptionFrame('validationException', failure))
    }
    if (how === 'dropped') transport.drop()
    else transport.close()
  }
  const limit = setTimeout(
    () => end('limit', 'The stream reached its maximum duration.'),
    script.streamLimitMs ?? context.streamLimitMs,
  )

  const respond = (work: (out: ResponseWriter) => Promise<void> | void) => {
    responses = responses.then(async () => {
      if (!writer || stream.ended) return
      if (!started) {
        started = true
        writer.completionStart()
      }
      await work(writer)
    })
    responses = responses.catch((error: unknown) => end('protocol', `emulator: ${String(error)}`))
  }

  const studentTurn = (speechMs: number) =>
    respond(async (out) => {
      const turn = ++record.studentTurns
      out.userTranscript(
        script.studentTurns[turn - 1] ?? `[emulated] (${(speechMs / 1000).toFixed(1)} s of speech)`,
      )
      const observation = script.pronunciation.find((p) => p.afterStudentTurn === turn)
      const tool = order.tools[0]
      if (observation && tool) {
        const toolUseId = out.toolUse(tool, observation.input)
        order.issuedToolUse(toolUseId)
        await new Promise<void>((resolve) => {
          toolWaits.set(toolUseId, resolve)
          setTimeout(resolve, TOOL_RESULT_WAIT_MS)
        })
      }
      if (script.dropAfterStudentTurns.includes(turn)) return end('dropped')
      out.examinerTurn(
        examinerLine({ scripted: script.examinerLines, spoken: record.examinerTurns++ }),
      )
    })

  const apply = (effect: Effect) => {
    switch (effect.kind) {
      case 'setup':
        if (effect.systemPrompt !== undefined) stream.systemPrompt = effect.systemPrompt
        if (!writer && order.promptName) {
          const ids = {
            sessionId: randomUUID(),
            promptName: order.promptName,
            completionId: randomUUID(),
          }
          writer = new ResponseWriter(send, ids)
        }
        return
      case 'history':
        stream.history.push({ role: effect.role, text: effect.text })
        return
      case 'audio':
        for (const u of endpointer.push(Buffer.from(effect.base64, 'base64')))
          studentTurn(u.speechMs)
        return
      case 'user_text':
        stream.userTexts.push(effect.text)
        return respond((out) => {
          if (script.echoTextInput) out.userTranscript(effect.text)
          const line = examinerLine({
            scripted: script.examinerLines,
            spoken: record.examinerTurns++,
            cue: effect.text,
          })
          out.examinerTurn(line)
        })
      case 'tool_result':
        stream.toolResults.push({ toolUseId: effect.toolUseId, content: effect.content })
        toolWaits.get(effect.toolUseId)?.()
        return
      case 'prompt_end':
        return respond((out) => out.completionEnd())
      default:
        return
    }
  }

  transport.onMalformed((reason) => {
    if (!stream.ended) end('protocol', reason)
  })
  transport.onFrame((frame) => {
    if (stream.ended) return
    const check = verifySignedFrame(frame, context.chain, {
      region: context.region,
      service: context.service,
      now: context.now(),
    })
    if (!check.ok) return end('protocol', check.reason)
    if ('end' in check) return end('client')
    const verdict = order.accept(check.event)
    if (!verdict.ok) return end('protocol', verdict.message)
    countEvent(stream, check.event)
    const pause = pauseOf(check.event)
    if (pause !== undefined) endpointer = new Endpointer(script.pauseMs ?? pause)
    apply(verdict.effect)
  })
  transport.onError(() => end('socket'))
  transport.onClose(() => {
    clearTimeout(limit)
    if (!stream.ended) stream.ended = 'socket'
  })
}

function pauseOf(event: unknown): number | undefined {
  const sensitivity = (
    event as {
      event?: {
        sessionStart?: { turnDetectionConfiguration?: { endpointingSensitivity?: string } }
      }
    }
  ).event?.sessionStart?.turnDetectionConfiguration?.endpointingSensitivity
  return sensitivity && sensitivity in PAUSE_MS
    ? PAUSE_MS[sensitivity as keyof typeof PAUSE_MS]
    : undefined
}

function countEvent(stream: StreamRecord, event: unknown): void {
  const name = Object.keys((event as { event: object }).event)[0] ?? 'unknown'
  stream.eventCounts[name] = (stream.eventCounts[name] ?? 0) + 1
}
