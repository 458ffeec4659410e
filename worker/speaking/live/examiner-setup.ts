import type { ServerMessage } from '../../../shared/speaking-messages'
import type { StreamSetup } from '../../nova-sonic/build-events'
import type { InterviewPlan } from '../interview/content'
import { examinerPrompt } from '../interview/examiner-prompt'
import type { InterviewOutput } from '../interview/interview'
import { PRONUNCIATION_TOOL } from '../interview/pronunciation-tool'

/**
 * How every stream of an interview is opened: the examiner prompt of the plan, the
 * pronunciation tool, and LOW endpointing sensitivity (a 2-second pause ends a turn:
 * candidates pause to think, and an examiner must not cut in).
 *
 * @example
 * const setup = examinerSetup(plan, services.config.novaSonic.NOVA_SONIC_VOICE_ID)
 */
export function examinerSetup(plan: InterviewPlan, voiceId: string): StreamSetup {
  return {
    inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7 },
    endpointing: 'LOW',
    voiceId,
    systemPrompt: examinerPrompt(plan),
    tools: [PRONUNCIATION_TOOL],
  }
}

/**
 * The message the app gets for an interview output, or null for outputs meant for the
 * model (`cue`, `rotate`).
 *
 * @example
 * for (const output of interview.tick(Date.now())) {
 *   const message = clientMessageFor(output)
 *   if (message) socket.send(JSON.stringify(message))
 * }
 */
export function clientMessageFor(output: InterviewOutput): ServerMessage | null {
  switch (output.kind) {
    case 'part_started':
      return {
        type: 'part_started',
        part: output.part,
        limits: { ...output.limits },
        ...(output.card ? { card: { ...output.card, points: [...output.card.points] } } : {}),
        at: new Date(output.at).toISOString(),
      }
    case 'notice':
      return { type: 'notice', code: output.code, message: output.message }
    case 'finished':
      return { type: 'finished', reason: output.reason }
    default:
      return null
  }
}
