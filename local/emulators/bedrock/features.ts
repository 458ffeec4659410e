import { paragraphs, sentences, words } from '../../../worker/scoring/text'

/**
 * What the local heuristic examiner measures in an answer. Deterministic and cheap; it
 * stands in for Nova Micro in local runs and tests, never for a real assessment.
 */

const LINKERS = [
  'however',
  'moreover',
  'furthermore',
  'in addition',
  'therefore',
  'consequently',
  'as a result',
  'for example',
  'for instance',
  'on the other hand',
  'in contrast',
  'whereas',
  'although',
  'in conclusion',
  'to sum up',
  'overall',
  'firstly',
  'secondly',
  'finally',
  'nevertheless',
  'similarly',
  'thus',
  'meanwhile',
  'while',
]
const SUBORDINATORS =
  /\b(because|although|though|which|who|whom|whose|that|while|whereas|if|unless|when|since|so that)\b/i
const STOP = new Set(
  'the a an and or but of to in on at for with from by is are was were be this that these those it its as which'.split(
    ' ',
  ),
)
const MISSPELLINGS: Record<string, string> = {
  recieve: 'receive',
  definately: 'definitely',
  goverment: 'government',
  enviroment: 'environment',
  beleive: 'believe',
  untill: 'until',
  wich: 'which',
  becuase: 'because',
  seperate: 'separate',
  occured: 'occurred',
  tommorow: 'tomorrow',
  accomodation: 'accommodation',
  alot: 'a lot',
  wierd: 'weird',
  arguement: 'argument',
  responsability: 'responsibility',
}
const GRAMMAR_RULES: { pattern: RegExp; fix: (m: string) => string; category: 'grammar' }[] = [
  {
    pattern: /\b(he|she|it) (have|do|go|make|want|need)\b/gi,
    fix: (m) =>
      m.replace(/(\w+)$/, (v) =>
        v.toLowerCase() === 'have'
          ? 'has'
          : v.toLowerCase() === 'do'
            ? 'does'
            : v.toLowerCase() === 'go'
              ? 'goes'
              : `${v}s`,
      ),
    category: 'grammar',
  },
  {
    pattern: /\b(they|we|people) (has|does|was)\b/gi,
    fix: (m) => m.replace(/has$/i, 'have').replace(/does$/i, 'do').replace(/was$/i, 'were'),
    category: 'grammar',
  },
  {
    pattern: /\ba (?=[aeio]\w)(?!one)\w+/gi,
    fix: (m) => m.replace(/^a/i, 'an'),
    category: 'grammar',
  },
  {
    pattern: /\bmore (better|worse|easier|cheaper|bigger)\b/gi,
    fix: (m) => m.replace(/^more /i, ''),
    category: 'grammar',
  },
  {
    pattern: /\b(could|should|would) of\b/gi,
    fix: (m) => m.replace(/of$/i, 'have'),
    category: 'grammar',
  },
  { pattern: /\b(\w+) \1\b/gi, fix: (m) => m.split(' ')[0] ?? m, category: 'grammar' },
]

export type Issue = { quote: string; suggestion: string; category: 'grammar' | 'spelling' }

export type Features = {
  wordCount: number
  sentences: string[]
  paragraphCount: number
  mattr: number
  longWordShare: number
  meanSentenceWords: number
  sentenceWordsSd: number
  complexShare: number
  linkersUsed: string[]
  issues: Issue[]
  relevance: number
}

/** Measures `answer` (and its relevance to `taskText`). */
export function measure(answer: string, taskText: string): Features {
  const all = words(answer)
  const lower = all.map((w) => w.toLowerCase())
  const list = sentences(answer)
  const lengths = list.map((s) => words(s).length)
  const mean = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)
  const variance = lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, lengths.length)
  const text = ` ${lower.join(' ')} `
  const taskWords = new Set(
    words(taskText)
      .map((w) => w.toLowerCase())
      .filter((w) => w.length >= 5 && !STOP.has(w)),
  )
  const used = [...taskWords].filter((w) => lower.includes(w)).length
  return {
    wordCount: all.length,
    sentences: list,
    paragraphCount: paragraphs(answer).length,
    mattr: movingTypeTokenRatio(lower, 40),
    longWordShare: lower.filter((w) => w.length >= 7).length / Math.max(1, lower.length),
    meanSentenceWords: mean,
    sentenceWordsSd: Math.sqrt(variance),
    complexShare: list.filter((s) => SUBORDINATORS.test(s)).length / Math.max(1, list.length),
    linkersUsed: LINKERS.filter((l) => text.includes(` ${l} `)),
    issues: findIssues(answer),
    relevance: taskWords.size === 0 ? 1 : used / taskWords.size,
  }
}

/** Mean type-token ratio over sliding windows: lexical variety independent of length. */
function movingTypeTokenRatio(tokens: string[], window: number): number {
  if (tokens.length === 0) return 0
  if (tokens.length <= window) return new Set(tokens).size / tokens.length
  let sum = 0
  const steps = tokens.length - window + 1
  for (let i = 0; i < steps; i++) sum += new Set(tokens.slice(i, i + window)).size / window
  return sum / steps
}

function findIssues(answer: string): Issue[] {
  const issues: Issue[] = []
  for (const rule of GRAMMAR_RULES) {
    for (const match of answer.matchAll(rule.pattern)) {
      issues.push({ quote: match[0], suggestion: rule.fix(match[0]), category: rule.category })
    }
  }
  for (const match of answer.matchAll(/\p{L}+/gu)) {
    const right = MISSPELLINGS[match[0].toLowerCase()]
    if (right) issues.push({ quote: match[0], suggestion: right, category: 'spelling' })
  }
  return issues
}
