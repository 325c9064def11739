import type { SequenceContext, SequenceKind, SequenceStep } from './types.js'

// What an LXD 5.0.2 daemon sends for one instance operation, frame by frame, as the real capture shows it
// (test/fixtures/lxd/capture-5.0.2.jsonl, lines 725-749): "New operation" (debug), the operation Pending, "Started
// operation", Running, the driver's info line, then either the result line, the lifecycle event, "Success for
// operation" and Success, or "Failure for operation" and Failure with `err` (no lifecycle event).

interface Scenario {
  readonly description: string
  /** The lifecycle action sent on success. */
  readonly action: string
  /** The driver's info lines before and after the work. */
  readonly before: string
  readonly after: string
  /** The operation's resources also list the `/1.0/containers` URL (create and delete do, as 5.0.2 shows). */
  readonly containers: boolean
  /** The error text of a failed run (`%s` is the instance name). */
  readonly failure: string
  /** Extra lifecycle context, or a snapshot source. */
  readonly context?: Readonly<Record<string, string>>
  readonly snapshot?: boolean
}

const SCENARIOS: readonly Scenario[] = [
  {
    description: 'Creating instance',
    action: 'instance-created',
    before: 'Creating instance',
    after: 'Created container',
    containers: true,
    failure: 'Failed creating instance record: Instance "%s" already exists',
    context: { 'storage-pool': 'default', type: 'container' },
  },
  {
    description: 'Starting instance',
    action: 'instance-started',
    before: 'Starting container',
    after: 'Started container',
    containers: false,
    failure: 'Failed to run: /usr/bin/lxd forkstart %s /var/lib/lxd/containers /var/log/lxd/%s/lxc.conf: exit status 1',
  },
  {
    description: 'Stopping instance',
    action: 'instance-stopped',
    before: 'Stopping container',
    after: 'Stopped container',
    containers: false,
    failure: 'The instance is already stopped',
  },
  {
    description: 'Freezing instance',
    action: 'instance-paused',
    before: 'Freezing container',
    after: 'Froze container',
    containers: false,
    failure: "The instance isn't running",
  },
  {
    description: 'Unfreezing instance',
    action: 'instance-resumed',
    before: 'Unfreezing container',
    after: 'Unfroze container',
    containers: false,
    failure: 'The instance is not frozen',
  },
  {
    description: 'Snapshotting instance',
    action: 'instance-snapshot-created',
    before: 'Creating instance snapshot',
    after: 'Created instance snapshot',
    containers: false,
    failure: 'Snapshot "%s/snap0" already exists',
    snapshot: true,
  },
  {
    description: 'Deleting instance',
    action: 'instance-deleted',
    before: 'Deleting container',
    after: 'Deleted container',
    containers: true,
    failure: 'Instance is running',
  },
]

const NAMES = ['web', 'db', 'build', 'cache', 'ci', 'proxy', 'worker']
/** Share of operations that fail (the capture has 2 failures in 59 operations; tests want to see some). */
const FAILURE = 0.15

/** LXD operations: Pending → Running → Success (with the lifecycle event) or Failure (with `err`), with their log lines. */
export const lxdOperations: SequenceKind = {
  family: 'lxd',
  needs: ['operation', 'logging', ...SCENARIOS.map((s) => s.action)],
  share: 0.35,
  start(ctx) {
    const rng = ctx.rng
    const scenario = rng.pick(SCENARIOS)
    const id = rng.uuid()
    const instance = `${rng.pick(NAMES)}-${rng.int(1, 40)}`
    const project = rng.chance(0.8) ? 'default' : 'staging'
    return {
      label: `operation ${id}`,
      steps: operationSteps(ctx, scenario, { id, instance, project, failed: rng.chance(FAILURE) }),
    }
  },
}

interface Run {
  readonly id: string
  readonly instance: string
  readonly project: string
  readonly failed: boolean
}

function* operationSteps(ctx: SequenceContext, s: Scenario, run: Run): Generator<SequenceStep> {
  const opContext = { class: 'task', description: s.description, operation: run.id, project: run.project }
  const created = ctx.clock.stamp
  const operation = (status: string, code: number, err = ''): SequenceStep =>
    step(ctx, 'operation', (v) => {
      const meta = v['metadata'] as Record<string, unknown>
      Object.assign(meta, {
        id: run.id,
        class: 'task',
        description: s.description,
        created_at: created,
        updated_at: created,
        status,
        status_code: code,
        resources: resources(s, run),
        metadata: null,
        may_cancel: false,
        err,
      })
      v['project'] = run.project
    })
  yield log(ctx, 'debug', 'New operation', opContext)
  yield operation('Pending', 105)
  yield log(ctx, 'debug', 'Started operation', opContext)
  yield operation('Running', 103)
  const driver = { ephemeral: 'false', instance: run.instance, instanceType: 'container', project: run.project }
  yield log(ctx, 'info', s.before, driver)
  if (run.failed) {
    const err = s.failure.replaceAll('%s', run.instance)
    yield log(ctx, 'debug', 'Failure for operation', { ...opContext, err })
    yield operation('Failure', 400, err)
    return
  }
  yield log(ctx, 'info', s.after, driver)
  yield lifecycle(ctx, s, run)
  yield log(ctx, 'debug', 'Success for operation', opContext)
  yield operation('Success', 200)
}

function resources(s: Scenario, run: Run): Record<string, string[]> {
  const query = run.project === 'default' ? '' : `?project=${run.project}`
  const instances = [`/1.0/instances/${run.instance}${query}`]
  return s.containers ? { containers: [`/1.0/containers/${run.instance}${query}`], instances } : { instances }
}

function lifecycle(ctx: SequenceContext, s: Scenario, run: Run): SequenceStep {
  return step(ctx, s.action, (v) => {
    const meta = v['metadata'] as Record<string, unknown>
    const query = run.project === 'default' ? '' : `?project=${run.project}`
    const path = s.snapshot ? `${run.instance}/snapshots/snap0` : run.instance
    meta['source'] = `/1.0/instances/${path}${query}`
    if (s.context !== undefined) meta['context'] = { ...s.context }
    v['project'] = run.project
  })
}

function log(ctx: SequenceContext, level: string, message: string, context: Record<string, string>): SequenceStep {
  return step(ctx, 'logging', (v) => {
    v['metadata'] = { message, level, context: sorted(context) }
  })
}

/** A template of `event` at the current send time, changed by `edit`. */
function step(ctx: SequenceContext, event: string, edit: (v: Record<string, unknown>) => void): SequenceStep {
  const value = ctx.template(event)
  value['timestamp'] = ctx.clock.stamp
  edit(value)
  return { event, value }
}

// LXD's logging context is a Go map: encoding/json writes its keys sorted.
function sorted(context: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** For tests: every scenario's lifecycle action. */
export const LXD_SEQUENCE_ACTIONS: readonly string[] = SCENARIOS.map((s) => s.action)
