import { isCommonPassword } from './common-passwords'

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256

/**
 * What is wrong with a new password, or undefined. Lengths count characters (code
 * points), not UTF-16 units; no composition rules (NIST SP 800-63B), but the most common
 * passwords are refused whatever their case.
 *
 * @example
 * passwordProblem('Password1') // 'is one of the most common passwords; choose another'
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`
  if (isCommonPassword(password)) return 'is one of the most common passwords; choose another'
  return undefined
}
