import { App } from 'aws-cdk-lib'
import { buildIeltsApp } from '../lib/app'
import { readDeployConfig } from '../lib/config'

// `npm run cdk -- synth -c account=123456789012` (see infra/README.md for every option).
const app = new App()
buildIeltsApp(
  app,
  readDeployConfig((key) => app.node.tryGetContext(key)),
)
app.synth()
