import type { ModuleId } from '../../../../shared/modules'
import { ACADEMIC_CARDS } from './academic-cards'
import { ACADEMIC_PART1 } from './academic-part1'
import { GENERAL_CARDS } from './general-cards'
import { GENERAL_PART1 } from './general-part1'
import type { CueCard, Part1Set, SpeakingBank } from './types'

export type { CueCard, Part1Set, SpeakingBank } from './types'

export type SpeakingModule = Extract<ModuleId, 'academic_speaking' | 'general_speaking'>

/**
 * The speaking question banks. The test has the same format in both modules; the sets
 * differ in flavour (studies and ideas for Academic, work and daily life for General).
 */
export const SPEAKING_BANKS: Record<SpeakingModule, SpeakingBank> = {
  academic_speaking: { part1: ACADEMIC_PART1, cueCards: ACADEMIC_CARDS },
  general_speaking: { part1: GENERAL_PART1, cueCards: GENERAL_CARDS },
}

/** What one interview uses: a Part 1 set and a Part 2 card (its Part 3 themes included). */
export type InterviewPlan = { module: SpeakingModule; part1: Part1Set; card: CueCard }

/**
 * Picks a Part 1 set and a cue card at random (`random` returns [0, 1)).
 *
 * @example
 * const plan = pickInterviewPlan('academic_speaking', Math.random)
 */
export function pickInterviewPlan(module: SpeakingModule, random: () => number): InterviewPlan {
  const bank = SPEAKING_BANKS[module]
  return { module, part1: pick(bank.part1, random()), card: pick(bank.cueCards, random()) }
}

/**
 * The plan of a stored session, found again by the ids it recorded.
 *
 * @example
 * const plan = planById('general_speaking', 'gt-p1-03', 'gt-c-07')
 */
export function planById(
  module: SpeakingModule,
  part1Id: string,
  cardId: string,
): InterviewPlan | undefined {
  const bank = SPEAKING_BANKS[module]
  const part1 = bank.part1.find((set) => set.id === part1Id)
  const card = bank.cueCards.find((c) => c.id === cardId)
  return part1 && card ? { module, part1, card } : undefined
}

function pick<T>(items: readonly T[], r: number): T {
  const index = Math.min(items.length - 1, Math.max(0, Math.floor(r * items.length)))
  return items[index]!
}
