import { Duration } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Construct } from 'constructs'

const PERIOD = Duration.minutes(5)
/** Below the worker's 2.5 s origin timeout, so a slowing origin pages before it fails over. */
export const P99_DURATION_THRESHOLD_MS = 2_000

export type OriginAlarmsProps = {
  function: IFunction
  /** Subscribed to the alarm topic when set. */
  email?: string
}

/**
 * Alarms on the origin function: any error (an unhandled exception or a timeout — a
 * handled 5xx is a response, not an error), any throttle, and a p99 duration above 2 s for
 * three periods in a row. Each notifies the region's alarm topic.
 *
 * @example
 * new OriginAlarms(this, 'Alarms', { function: origin.function, email: 'ops@example.com' })
 */
export class OriginAlarms extends Construct {
  readonly topic: Topic
  readonly errors: Alarm
  readonly throttles: Alarm
  readonly p99Duration: Alarm

  constructor(scope: Construct, id: string, props: OriginAlarmsProps) {
    super(scope, id)
    this.topic = new Topic(this, 'Topic', { displayName: 'IELTS origin alarms', enforceSSL: true })
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email))
    const action = new SnsAction(this.topic)
    const fn = props.function
    this.errors = this.alarm('Errors', fn.metricErrors({ period: PERIOD }), 1, 1, action)
    this.throttles = this.alarm('Throttles', fn.metricThrottles({ period: PERIOD }), 1, 1, action)
    this.p99Duration = this.alarm(
      'P99Duration',
      fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
      P99_DURATION_THRESHOLD_MS,
      3,
      action,
    )
  }

  private alarm(
    id: string,
    metric: Metric,
    threshold: number,
    evaluationPeriods: number,
    action: IAlarmAction,
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Origin ${id} in ${metric.period.toMinutes()}-minute periods`,
    })
    alarm.addAlarmAction(action)
    return alarm
  }
}
