/**
 * Text measures shared by the writing and speaking scorers: Unicode-normalised matching
 * and word counting. Essays arrive from phones, so curly quotes, long dashes, ligatures,
 * non-breaking spaces and decomposed accents are all expected.
 */

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu
// A base character with its combining marks: normalised together, so "e\u0301" and "é" match.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g
const SPACE = /^\s+$/u

/**
 * Text folded for matching. The folded character `i` comes from `original.slice(from[i], to[i])`
 * (a whole cluster: one character may fold to several, as `…` to `...`).
 */
export type FoldedText = { original: string; folded: string; from: number[]; to: number[] }

// Printable ASCII but the backtick: NFKC and the replacements below leave it as it is.
const PLAIN_ASCII = /^[ -_a-~]*$/

/** NFKC, straight quotes and hyphens, lower case: one cluster of the original at a time. */
function foldCluster(cluster: string): string {
  // Most of an English essay: skipping NFKC and three replacements halves a submission's
  // text-folding CPU time (bench/, writing scenario).
  if (PLAIN_ASCII.test(cluster)) return cluster.toLowerCase()
  return cluster
    .normalize('NFKC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase()
}

/**
 * Folds text for quote matching: NFKC, typographic quotes and dashes made plain, case
 * folded, every run of whitespace one space, trimmed. `from`/`to` map each folded character
 * back to the original, so a match becomes the student's own text.
 *
 * @example
 * foldText('Rising  “costs”').folded // 'rising "costs"'
 */
export function foldText(original: string): FoldedText {
  let folded = ''
  const from: number[] = []
  const to: number[] = []
  for (const match of original.matchAll(CLUSTER)) {
    const at = match.index
    const end = at + match[0].length
    const piece = SPACE.test(match[0])
      ? folded === '' || folded.endsWith(' ')
        ? ''
        : ' '
      : foldCluster(match[0])
    folded += piece
    for (let k = 0; k < piece.length; k++) {
      from.push(at)
      to.push(end)
    }
  }
  if (folded.endsWith(' ')) {
    folded = folded.slice(0, -1)
    from.pop()
    to.pop()
  }
  return { original, folded, from, to }
}

/** The words of a text as IELTS counts them: numbers count, contractions are one word. */
export function words(text: string): string[] {
  return text.match(WORD) ?? []
}

/** Words folded for comparison (NFKC, plain apostrophes, lower case). */
export function foldedWords(text: string): string[] {
  return words(text).map(foldCluster)
}

/** The sentences of a text, split after `.`, `!` or `?` and at line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0)
}

/** Paragraphs: blocks separated by a blank line (or by single line breaks when there is none). */
export function paragraphs(text: string): string[] {
  const blocks = text.split(/\n\s*\n/u).filter((p) => words(p).length > 0)
  if (blocks.length > 1) return blocks
  return text.split(/\n/u).filter((p) => words(p).length > 0)
}
