import type { Container } from '../../imports/k8s';
import { GATE } from '../model/defaults';
import { gateName } from '../model/names';
import { gateImage } from '../model/objects';
import type { ReadinessCheck, ResolvedDependency } from '../model/resolve';
import { inlineEnv } from './env';
import { cpu, mebibytes } from './quantities';
import { containerSecurityContext } from './security';

/**
 * compose `depends_on` → one init container per dependency, in dependency-name order.
 *   service_healthy: the dependency passes its own check, run from outside (redis-cli ping, GET /health…);
 *   service_started: its Service accepts TCP connections;
 *   service_completed_successfully: no gate; the one-shot Job runs as a sync hook in an earlier wave and
 *   Argo CD starts the next wave only once it has completed.
 * Every gate logs what it waits for and gives up after GATE.timeoutSeconds, so a missing dependency shows
 * as Init:Error with a reason in the logs instead of a pod stuck in Init forever.
 */
export function gateContainers(dependencies: readonly ResolvedDependency[], timeoutSeconds: number): Container[] {
  return dependencies.flatMap((dep) => (dep.check ? [gateContainer(dep, dep.check, timeoutSeconds)] : []));
}

/**
 * The loop every gate runs; the check is passed as arguments ("$@") so no value is spliced into shell code.
 * How long it waits comes from GATE_TIMEOUT_SECONDS, which `npm run validate` can read and hold against a
 * Job's deadline.
 */
const WAIT_LOOP = [
  'deadline=$(( $(date +%s) + GATE_TIMEOUT_SECONDS ))',
  'echo "waiting for $GATE_TARGET ($GATE_CONDITION): $*"',
  'until "$@"; do',
  '  if [ "$(date +%s)" -ge "$deadline" ]; then',
  '    echo "gave up on $GATE_TARGET after ${GATE_TIMEOUT_SECONDS}s" >&2',
  '    exit 1',
  '  fi',
  '  echo "$GATE_TARGET not ready yet, retrying in ' + GATE.pollSeconds + 's"',
  '  sleep ' + GATE.pollSeconds,
  'done',
  'echo "$GATE_TARGET is ready"',
].join('\n');

function gateContainer(dep: ResolvedDependency, check: ReadinessCheck, timeoutSeconds: number): Container {
  const argv =
    check.kind === 'tcp'
      ? ['nc', '-z', '-w', String(GATE.pollSeconds), check.host, String(check.port)]
      : check.kind === 'http'
        ? ['wget', '-q', '-T', String(GATE.pollSeconds), '-O', '/dev/null', check.url]
        : [...check.command];
  return {
    name: gateName(dep.service),
    image: gateImage(check),
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', WAIT_LOOP, gateName(dep.service), ...argv],
    env: [
      { name: 'GATE_TARGET', value: dep.service },
      { name: 'GATE_CONDITION', value: dep.condition },
      { name: 'GATE_TIMEOUT_SECONDS', value: String(timeoutSeconds) },
      ...(check.kind === 'client' ? inlineEnv(check.env) : []),
    ],
    resources: {
      requests: { cpu: cpu(GATE.resources.cpu), memory: mebibytes(GATE.resources.memoryMi) },
      limits: { cpu: cpu(GATE.resources.cpuLimit), memory: mebibytes(GATE.resources.memoryLimitMi) },
    },
    securityContext: { ...containerSecurityContext(), runAsUser: GATE.uid, runAsGroup: GATE.uid },
  };
}
