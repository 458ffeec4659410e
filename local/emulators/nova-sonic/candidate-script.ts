import type { Script } from './script'

/**
 * A plausible candidate for local sessions (`npm run local -- speak`, end-to-end tests):
 * what the emulator "hears" for each of the candidate's turns, in order, and three
 * pronunciation observations the emulated examiner records through its tool. Original
 * wording, generic enough to follow any examiner question.
 */
export const CANDIDATE_TURNS: readonly string[] = [
  'My name is Daniela Reyes, and I come from Valencia, on the east coast of Spain.',
  'At the moment I am studying environmental engineering, which I chose because I have always cared about how cities use water.',
  'I usually spend my free time outdoors. On weekends I go cycling along the river with a couple of friends, although in winter I prefer to stay in and read.',
  'I think it has changed quite a lot. When I was a child there were fewer cars, and people knew their neighbours much better than they do now.',
  'Well, I would like to talk about a teacher who influenced me. She taught chemistry at my secondary school and she made every lesson feel like an experiment. What I remember most is that she never gave us the answer directly; instead she asked us to predict what would happen and then explain why we were wrong. That is probably why I decided to study engineering, because she showed me that mistakes are part of learning.',
  'Yes, I still write to her sometimes, and she is always interested in my projects.',
  'I suppose most of my friends had a teacher like that, but not all of them were as lucky as me.',
  'In my opinion, teachers matter more than technology, because a good teacher can motivate students who have lost interest.',
  'It depends on the subject. For practical skills, learning by doing is more effective, whereas for theory a clear explanation saves a lot of time.',
  'I think governments should invest more in training teachers, since the quality of education affects the whole economy in the long term.',
  'Perhaps, but online courses cannot replace the relationship between a student and a teacher, at least not yet.',
  'Thank you very much.',
]

const observation = (
  feature: string,
  effect: 'helps' | 'hinders',
  evidence: string,
  descriptorLevel: number,
) => ({ feature, effect, evidence, descriptorLevel })

/** The emulator script for one local session (`PUT /__emulator/sessions/<id>`). */
export function candidateScript(): Partial<Script> {
  return {
    pauseMs: 300,
    studentTurns: [...CANDIDATE_TURNS],
    pronunciation: [
      {
        afterStudentTurn: 2,
        input: observation(
          'word_stress',
          'hinders',
          'stress on the first syllable of "environmental"',
          6,
        ),
      },
      {
        afterStudentTurn: 5,
        input: observation(
          'intonation',
          'helps',
          'natural falling intonation at the end of statements',
          7,
        ),
      },
      {
        afterStudentTurn: 8,
        input: observation('chunking', 'helps', 'clear pauses between ideas in the long answer', 7),
      },
    ],
  }
}
