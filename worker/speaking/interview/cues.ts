import type { CueCard, Part1Set } from './content'

/**
 * Stage directions the server sends to the examiner model as text (Nova 2 Sonic's
 * cross-modal input), when the server-side timers move the test on. The system prompt
 * tells the examiner they come from the test software, are never read aloud, and end with
 * suggested words it may say.
 */
export const CUE_PREFIX = '[PROCTOR]'

const cue = (direction: string, words: string) =>
  `${CUE_PREFIX} ${direction} Suggested words: "${words}"`

export const cues = {
  beginPart1(set: Part1Set): string {
    return cue(
      `Begin Part 1 now. Greet the candidate, introduce yourself as their examiner, then ask the questions of Part 1, starting with "${set.frames[0].topic}".`,
      "Good morning. My name is Alex and I'll be your examiner today. Can you tell me your full name, please?",
    )
  },

  beginPart2(card: CueCard): string {
    return cue(
      "Part 1 is over. Begin Part 2: the task card is now on the candidate's screen. Tell them they have one minute to prepare and may make notes, then stay silent until the next direction.",
      `Thank you. Now I'm going to give you a topic, and I'd like you to talk about it for one to two minutes. You have one minute to prepare. Your topic is: ${card.task}`,
    )
  },

  startTalking(): string {
    return cue(
      'Preparation time is over. Ask the candidate to start talking. Do not interrupt them; if they stop early, encourage them once to say more.',
      'All right. Remember you have one to two minutes for this. Please start speaking now.',
    )
  },

  roundingOff(card: CueCard, timeUp: boolean): string {
    const [first] = card.roundingOff
    return cue(
      `${timeUp ? 'The two minutes are up: politely stop the candidate. ' : ''}Ask one or two rounding-off questions about the talk, then wait for the next direction.`,
      `Thank you. ${first}`,
    )
  },

  beginPart3(card: CueCard): string {
    const [theme] = card.part3
    return cue(
      `Part 2 is over. Begin Part 3: discuss the themes "${card.part3[0].theme}" and "${card.part3[1].theme}" in a more abstract way, asking follow-up questions.`,
      `Thank you. We've been talking about ${lowerFirst(card.task.replace(/^Describe /, '').replace(/\.$/, ''))}, and I'd like to discuss some more general questions related to this. ${theme.questions[0]}`,
    )
  },

  closeTest(): string {
    return cue(
      'The test is over. Thank the candidate and say goodbye. Do not give any score, band or feedback.',
      'Thank you very much. That is the end of the speaking test.',
    )
  },

  resumeAfterDrop(): string {
    return cue(
      'The connection was briefly lost. Continue the test from where it stopped; if the candidate had just answered, respond to that answer.',
      'Sorry about that. Let us continue.',
    )
  },
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
