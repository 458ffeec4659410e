/**
 * The parts of `/openapi.json` that no single route owns: `info`, servers and the tags
 * (each route names its tag; the order here is the order `/docs` shows them in).
 */
export const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'IELTS GenAI Prep API',
    version: '1',
    description: [
      'Accounts, store purchases, and IELTS writing and speaking assessments scored with Amazon Nova.',
      '',
      'Every error is `{ "error": { "code", "message", "requestId" } }` with the matching 4xx/5xx; `code` is one of a closed set and `requestId` is also sent as `X-Request-Id`.',
      'Authenticated operations take `Authorization: Bearer <accessToken>`; an access token lives 15 minutes and `POST /api/auth/refresh` trades the refresh token for a new pair.',
      'Paid operations take an `Idempotency-Key` header: one assessment is charged once per key, and a retry with the same key answers the first result.',
    ].join('\n'),
    contact: { name: 'IELTS GenAI Prep API team', email: 'api@ieltsgenaiprep.app' },
    license: { name: 'Proprietary', url: 'https://ieltsgenaiprep.app/terms' },
  },
  servers: [{ url: '/', description: 'This deployment' }],
  tags: [
    { name: 'Operations', description: 'Health of the worker and of each regional origin.' },
    {
      name: 'Accounts',
      description:
        'Register, sign in (email and password, Apple, Google), rotate and end sessions; the public keys of access tokens.',
    },
    { name: 'Me', description: 'The signed-in user: profile, data export, erasure, consents.' },
    {
      name: 'Purchases',
      description:
        'The catalog of modules, redeeming App Store and Google Play purchases, and what each module has left.',
    },
    {
      name: 'Webhooks',
      description:
        'Called by Apple and Google, not by the app: refunds, revocations and consumption requests.',
    },
    {
      name: 'Writing',
      description: 'The question bank and scoring of Task 1 and Task 2 answers with Nova Micro.',
    },
    {
      name: 'Speaking',
      description:
        'Spoken mock interviews with Nova Sonic: start a test, stream audio over a WebSocket, read the result.',
    },
    { name: 'History', description: 'My assessments, writing and speaking.' },
  ],
}
