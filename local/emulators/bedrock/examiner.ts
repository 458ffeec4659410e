import { type Features, measure } from './features'

/** Marks every justification, so nobody mistakes a local result for Nova's. */
export const EMULATOR_PREFIX = '[Local emulator: heuristic examiner, not Amazon Nova]'

export type CriterionOutput = {
  band: number
  justification: string
  strengths: string[]
  improvements: string[]
  evidence: string[]
}
export type ExaminerOutput = {
  criteria: Record<string, CriterionOutput>
  corrections: { quote: string; suggestion: string; category: string }[]
}

type Scored = { band: number; strengths: string[]; improvements: string[]; evidence: string[] }

const half = (x: number) => Math.min(9, Math.max(1, Math.round(x * 2) / 2))
const excerpt = (s: string) => (s.length <= 160 ? s : s.slice(0, s.lastIndexOf(' ', 160)))

/**
 * The deterministic stand-in for Nova Micro: the same answer and task always get the same
 * bands. Criteria it does not know get the mean of the others.
 *
 * @example
 * examine({ answer, taskText, minimumWords: 250, criteria: ['task_response', …] })
 */
export function examine(input: {
  answer: string
  taskText: string
  minimumWords: number
  criteria: string[]
}): ExaminerOutput {
  const f = measure(input.answer, input.taskText)
  const known: Record<string, Scored> = {
    task_achievement: taskScore(f, input.minimumWords),
    task_response: taskScore(f, input.minimumWords),
    coherence_cohesion: cohesionScore(f),
    fluency_coherence: cohesionScore(f),
    lexical_resource: lexicalScore(f),
    grammatical_range_accuracy: grammarScore(f),
  }
  const fallback = half(Object.values(known).reduce((a, s) => a + s.band, 0) / 6)
  const criteria: Record<string, CriterionOutput> = {}
  for (const id of input.criteria) {
    const s = known[id] ?? { band: fallback, strengths: [], improvements: [], evidence: [] }
    criteria[id] = {
      band: s.band,
      justification: `${EMULATOR_PREFIX} ${id.replaceAll('_', ' ')}: band ${s.band} from ${f.wordCount} words, ${f.paragraphCount} paragraphs, ${f.linkersUsed.length} linking expressions, lexical variety ${f.mattr.toFixed(2)} and ${f.issues.length} flagged errors.`,
      strengths: s.strengths.slice(0, 3),
      improvements: s.improvements.slice(0, 5),
      evidence: s.evidence.slice(0, 3),
    }
  }
  const corrections = f.issues.slice(0, 10).map((i) => ({ ...i }))
  return { criteria, corrections }
}

function taskScore(f: Features, minimumWords: number): Scored {
  const length = Math.min(1, f.wordCount / minimumWords)
  const paragraphing = f.paragraphCount >= 4 ? 1 : f.paragraphCount >= 2 ? 0.5 : 0
  const band = half(2.5 + 3 * length + 2.5 * Math.min(1, f.relevance * 1.5) + paragraphing)
  return {
    band,
    strengths: f.relevance >= 0.4 ? ['The answer stays close to the topic of the task.'] : [],
    improvements: [
      ...(length < 1 ? [`Write at least ${minimumWords} words.`] : []),
      ...(f.relevance < 0.4 ? ['Address the key points of the task more directly.'] : []),
    ],
    evidence: f.sentences.slice(0, 1).map(excerpt),
  }
}

function cohesionScore(f: Features): Scored {
  const linkers = Math.min(3, f.linkersUsed.length * 0.5)
  const paragraphing = f.paragraphCount >= 4 ? 2 : f.paragraphCount >= 2 ? 1 : 0
  const rhythm = f.meanSentenceWords >= 12 && f.meanSentenceWords <= 26 ? 1 : 0.5
  const linked = f.sentences.find((s) => f.linkersUsed.some((l) => s.toLowerCase().includes(l)))
  return {
    band: half(3 + linkers + paragraphing + rhythm),
    strengths:
      f.linkersUsed.length >= 3
        ? [`Uses linking expressions such as "${f.linkersUsed.slice(0, 3).join('", "')}".`]
        : [],
    improvements: [
      ...(f.paragraphCount < 3 ? ['Organise the answer into clear paragraphs.'] : []),
      ...(f.linkersUsed.length < 3 ? ['Use a wider range of linking expressions.'] : []),
    ],
    evidence: linked ? [excerpt(linked)] : [],
  }
}

function lexicalScore(f: Features): Scored {
  const spelling = f.issues.filter((i) => i.category === 'spelling').length
  const per100 = (spelling * 100) / Math.max(1, f.wordCount)
  const band = half(1.5 + f.mattr * 6 + f.longWordShare * 5 - per100 * 0.75)
  const richest = [...f.sentences].sort((a, b) => longWords(b) - longWords(a))[0]
  return {
    band,
    strengths: f.mattr >= 0.7 ? ['Vocabulary is varied with little repetition.'] : [],
    improvements: [
      ...(f.mattr < 0.7 ? ['Avoid repeating the same words; use synonyms and paraphrase.'] : []),
      ...(spelling > 0 ? ['Check the spelling of common words.'] : []),
    ],
    evidence: richest ? [excerpt(richest)] : [],
  }
}

function grammarScore(f: Features): Scored {
  const grammar = f.issues.filter((i) => i.category === 'grammar').length
  const per100 = (grammar * 100) / Math.max(1, f.wordCount)
  const band = half(3 + f.complexShare * 3 + Math.min(1.5, f.sentenceWordsSd / 6) + 1 - per100)
  const complex = f.sentences.find((s) => /\b(because|although|which|whereas|unless)\b/i.test(s))
  return {
    band,
    strengths: f.complexShare >= 0.4 ? ['Uses a mix of simple and complex sentences.'] : [],
    improvements: [
      ...(f.complexShare < 0.4 ? ['Use more complex sentences with subordinate clauses.'] : []),
      ...(grammar > 0 ? ['Check subject-verb agreement and articles.'] : []),
    ],
    evidence: complex ? [excerpt(complex)] : [],
  }
}

const longWords = (s: string) => s.split(/\s+/).filter((w) => w.length >= 7).length
