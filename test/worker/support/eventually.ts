/**
 * Runs `check` until it stops throwing or `timeoutMs` passes (then its last error): for
 * what the system makes true soon, not at once — a global secondary index, a cron run, a
 * replica. Polls every 200 ms; not a timing assertion.
 *
 * @example
 * await eventually(async () => expect(await queued()).toHaveLength(1))
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}
