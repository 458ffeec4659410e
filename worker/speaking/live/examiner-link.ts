import { bedrockCredentials } from '../../bedrock/config'
import { createSonicConversation } from '../../nova-sonic/client'
import { CONNECT_RETRY_DELAYS_MS, type NovaSonicConfig } from '../../nova-sonic/config'
import type { SonicConversation } from '../../nova-sonic/conversation'
import type { HistoryMessage } from '../../nova-sonic/history'
import type { ConversationEvent } from '../../nova-sonic/normalize'
import type { Connector } from '../../nova-sonic/socket'
import type { Config } from '../../services/config'
import type { InterviewPlan } from '../interview/content'
import { cues } from '../interview/cues'
import type { TranscriptTurn } from '../interview/transcript'
import { examinerSetup } from './examiner-setup'

/** What a live session needs of the Nova Sonic conversation. */
export type ExaminerLink = Pick<
  SonicConversation,
  'start' | 'sendAudio' | 'sendText' | 'answerTool' | 'rotate' | 'close' | 'state'
>

export type ExaminerHandlers = {
  onEvent(event: ConversationEvent): void
  /** An attempt to open the stream failed; the next one follows after `delayMs` (nominal). */
  onRetry(attempt: number, delayMs: number): void
}

export type ExaminerLinkOptions = {
  config: Pick<Config, 'novaSonic' | 'bedrock'>
  sessionId: string
  plan: InterviewPlan
  /** The session's time scale: the waits between connection attempts are scaled by it. */
  timeScale: number
  connector?: Connector
  /** The conversation so far, when a test held by an earlier process continues. */
  history?: readonly HistoryMessage[]
  /** The wait between connection attempts (default: `ms × timeScale` of real time). */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The examiner of one session: a Nova Sonic conversation in us-east-1 with the examiner
 * prompt and pronunciation tool of the plan, signed with the Bedrock identity, named
 * `session/<id>` in its user agent (the emulator scripts sessions by it), resuming a
 * dropped stream with a stage direction to carry on.
 *
 * @example
 * const link = openExaminerLink({ config, sessionId, plan, timeScale: 1 }, { onEvent, onRetry })
 * await link.start()
 */
export function openExaminerLink(
  options: ExaminerLinkOptions,
  handlers: ExaminerHandlers,
): ExaminerLink {
  const config = options.config.novaSonic
  const credentials = bedrockCredentials(options.config.bedrock)
  return createSonicConversation({
    config,
    credentials,
    setup: examinerSetup(options.plan, config.NOVA_SONIC_VOICE_ID),
    userAgent: `ielts-genai-prep session/${options.sessionId}`,
    connector: options.connector,
    sleep:
      options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, ms * options.timeScale))),
    onAttemptFailed: (attempt) => {
      const delay = CONNECT_RETRY_DELAYS_MS[attempt - 1]
      if (delay !== undefined) handlers.onRetry(attempt, delay)
    },
    resumeNudge: cues.resumeAfterDrop(),
    history: options.history,
    onEvent: handlers.onEvent,
  })
}

/**
 * A stored transcript as conversation history: the examiner is the ASSISTANT, the
 * candidate the USER.
 */
export function historyOf(turns: readonly TranscriptTurn[]): HistoryMessage[] {
  return turns.map((t) => ({ role: t.speaker === 'examiner' ? 'ASSISTANT' : 'USER', text: t.text }))
}

/** Whether the configured Nova Sonic endpoint is AWS's (else: the local emulator). */
export function voiceExaminerOf(config: NovaSonicConfig): 'amazon-nova-2-sonic' | 'local-emulator' {
  const host = new URL(config.NOVA_SONIC_ENDPOINT).hostname
  return host.endsWith('.amazonaws.com') ? 'amazon-nova-2-sonic' : 'local-emulator'
}
