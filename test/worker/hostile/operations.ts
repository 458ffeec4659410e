/** One parameter of an operation in the served OpenAPI document. */
export type Parameter = { name: string; in: string; required?: boolean }
/** The parts of an OpenAPI operation the generated suites read. */
export type Operation = {
  security?: Record<string, string[]>[]
  parameters?: Parameter[]
  requestBody?: object
}
/** An operation of the served document, named `METHOD /path`. */
export type Op = { name: string; method: string; path: string; op: Operation }

/**
 * Every operation of the `/openapi.json` the app serves: the generated suites derive
 * their cases from it, so a route added to the app is in them without a hand list.
 */
export async function servedOperations(
  call: (path: string) => Response | Promise<Response>,
): Promise<Op[]> {
  const res = await call('/openapi.json')
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`)
  const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> }
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  )
}
