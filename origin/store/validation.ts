import type { Context } from 'hono'
import type { z } from 'zod'
import { ApiError } from '../../shared/errors'

/** One validation problem, as the worker reports them too: `body.ops.0.put.item.pk`. */
export type ValidationIssue = { path: string; message: string }

type ZodIssue = z.core.$ZodIssue

/**
 * Reads the JSON body and validates it with a contract schema: 400 `INVALID_JSON` or
 * `VALIDATION_FAILED` listing each field at fault.
 *
 * @example
 * const request = await parseBody(c, GetRequest)
 */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ApiError('INVALID_JSON', 'The request body is not valid JSON.')
  }
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issues = result.error.issues.flatMap((issue) => describeIssue(issue, ['body']))
  const first = issues[0]
  throw new ApiError(
    'VALIDATION_FAILED',
    first ? `Invalid ${first.path}: ${first.message}` : 'The request is invalid.',
    { details: { issues } },
  )
}

/**
 * Zod reports a failed union (a write op, a condition) as one opaque "Invalid input" holding
 * every branch's issues. The branch that got furthest into the value is the one the caller
 * meant, so its issues are the useful ones; if none got past the op's name, say what is valid.
 */
function describeIssue(issue: ZodIssue, base: PropertyKey[]): ValidationIssue[] {
  const path = [...base, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = deepestBranch(issue.errors)
    if (best && depth(best) > 1) return best.flatMap((inner) => describeIssue(inner, path))
    return [{ path: path.join('.'), message: `expected one of ${branchNames(issue.errors)}` }]
  }
  if (issue.code === 'invalid_key' && issue.issues[0]) {
    return [{ path: path.join('.'), message: issue.issues[0].message }]
  }
  return [{ path: path.join('.'), message: issue.message }]
}

const depth = (branch: ZodIssue[]) => Math.max(0, ...branch.map((issue) => issue.path.length))

function deepestBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  return branches.reduce<ZodIssue[] | undefined>(
    (best, branch) => (!best || depth(branch) > depth(best) ? branch : best),
    undefined,
  )
}

/** The names each branch expected, read from its "missing key" issue (`put`, `update`…). */
function branchNames(branches: ZodIssue[][]): string {
  const names = branches.flatMap((branch) =>
    branch.filter((i) => i.code === 'invalid_type' && i.path.length === 1).map((i) => i.path[0]),
  )
  return names.length > 0 ? names.map(String).join(', ') : 'the documented shapes'
}
