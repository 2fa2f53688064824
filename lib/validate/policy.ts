import type { PodSpec as V1PodSpec } from 'kubernetes-types/core/v1';
import { exemptChecks } from '../constructs/policy';
import { SAFE_SYSCTLS } from '../model/sysctls';
import { isPinnedImage } from '../model/validate';
import type { PolicyCheck } from '../model/types';
import { type Finding, type LoadedObject, objectId } from './manifests';
import { containersOf, podTemplateOf, selecting } from './pods';

/**
 * Policy on every pod template, init containers included: what admission under the restricted Pod Security
 * Standard would reject (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted),
 * plus the operational rules berth holds itself to. A workload may be exempt from a check only through the
 * `policy.berth.dev/exempt` annotation, which carries the written reason from the model.
 */
export function checkPolicy(objects: readonly LoadedObject[]): Finding[] {
  const findings: Finding[] = [];
  const replicas = replicationIndex(objects);
  for (const o of objects) {
    const pod = podTemplateOf(o);
    if (!pod) continue;
    const exempt = exemptChecks(o.body.metadata?.annotations);
    const report = (check: PolicyCheck, field: string, message: string) => {
      if (!exempt.has(check)) findings.push({ file: o.file, object: objectId(o), field, message: `${message} [${check}]` });
    };
    const spec: Partial<V1PodSpec> = pod.template.spec ?? {};
    const at = `${pod.path}.spec`;
    restricted(spec, at, report);
    hostAccess(spec, at, report);
    if (spec.automountServiceAccountToken !== false) {
      report('service-account-token', `${at}.automountServiceAccountToken`, 'must be false: no berth workload calls the Kubernetes API');
    }
    for (const { path, container, init } of containersOf(spec, at)) {
      if (!isPinnedImage(container.image ?? '')) report('pinned-image', `${path}.image`, `${JSON.stringify(container.image)} is not pinned to a tag other than latest`);
      const requests = container.resources?.requests ?? {};
      const limits = container.resources?.limits ?? {};
      if (requests.cpu === undefined || requests.cpu === null) report('resources', `${path}.resources.requests.cpu`, 'missing CPU request');
      if (requests.memory === undefined || requests.memory === null) report('resources', `${path}.resources.requests.memory`, 'missing memory request');
      if (limits.memory === undefined || limits.memory === null) report('resources', `${path}.resources.limits.memory`, 'missing memory limit');
      const longRunning = o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet';
      if (longRunning && !init && !container.readinessProbe) report('probes', `${path}.readinessProbe`, 'a long-running container needs a readiness probe');
    }
    replication(o, replicas, pod.template, at, report);
  }
  return findings;
}

type Report = (check: PolicyCheck, field: string, message: string) => void;

function restricted(spec: Partial<V1PodSpec>, at: string, report: Report): void {
  const check = 'restricted-pod-security';
  const pod = spec.securityContext ?? {};
  if (pod.runAsUser === 0) report(check, `${at}.securityContext.runAsUser`, 'must not be 0');
  (pod.sysctls ?? []).forEach((sysctl, i) => {
    if (!SAFE_SYSCTLS.includes(sysctl.name)) {
      report(check, `${at}.securityContext.sysctls[${i}].name`, `${sysctl.name} is forbidden by Pod Security v1.28 (baseline "sysctls"); allowed: ${SAFE_SYSCTLS.join(', ')}`);
    }
  });
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') {
    report(check, `${at}.securityContext.seccompProfile.type`, `${podSeccomp} is not RuntimeDefault or Localhost`);
  }
  for (const { path, container } of containersOf(spec, at)) {
    const sc = container.securityContext ?? {};
    if (sc.privileged === true) report(check, `${path}.securityContext.privileged`, 'must not be true');
    if (sc.allowPrivilegeEscalation !== false) report(check, `${path}.securityContext.allowPrivilegeEscalation`, 'must be set to false');
    if (sc.runAsNonRoot !== true && pod.runAsNonRoot !== true) report(check, `${path}.securityContext.runAsNonRoot`, 'must be true (here or on the pod)');
    if (sc.runAsNonRoot === false) report(check, `${path}.securityContext.runAsNonRoot`, 'must not be false');
    if (sc.runAsUser === 0) report(check, `${path}.securityContext.runAsUser`, 'must not be 0');
    if (sc.runAsUser === undefined && pod.runAsUser === undefined) {
      // Not PSS itself, but without a numeric UID an image with a named or root USER never starts under runAsNonRoot.
      report(check, `${path}.securityContext.runAsUser`, 'set a numeric non-root UID (here or on the pod)');
    }
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      report(check, `${path}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (here or on the pod)');
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) report(check, `${path}.securityContext.capabilities.drop`, 'must include ALL');
    const add: string[] = sc.capabilities?.add ?? [];
    for (const cap of add) if (cap !== 'NET_BIND_SERVICE') report(check, `${path}.securityContext.capabilities.add`, `${cap} may not be added (only NET_BIND_SERVICE)`);
    if (sc.readOnlyRootFilesystem !== true) report(check, `${path}.securityContext.readOnlyRootFilesystem`, 'must be true; give writable paths an emptyDir');
  }
  const allowedVolumes = ['configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret', 'csi', 'persistentVolumeClaim', 'ephemeral', 'image', 'name'];
  (spec.volumes ?? []).forEach((v, i) => {
    // hostPath is reported (and exempted) by the host-access check.
    for (const key of Object.keys(v))
      if (!allowedVolumes.includes(key) && key !== 'hostPath') report(check, `${at}.volumes[${i}].${key}`, `volume type ${key} is not allowed under restricted`);
  });
}

function hostAccess(spec: Partial<V1PodSpec>, at: string, report: Report): void {
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) report('host-access', `${at}.${field}`, 'must not be true');
  }
  (spec.volumes ?? []).forEach((v, i) => {
    if (v.hostPath) report('host-access', `${at}.volumes[${i}].hostPath`, 'host paths are not allowed');
  });
  for (const { path, container } of containersOf(spec, at)) {
    (container.ports ?? []).forEach((p, i) => {
      if (p.hostPort) report('host-access', `${path}.ports[${i}].hostPort`, 'host ports are not allowed');
    });
  }
}

/** The autoscalers (by target) and disruption budgets (by selector) of the output, indexed once. */
function replicationIndex(objects: readonly LoadedObject[]) {
  const autoscaled = new Set(
    objects.filter((h) => h.kind === 'HorizontalPodAutoscaler').map((h) => `${h.namespace}/${h.body.spec?.scaleTargetRef?.kind}/${h.body.spec?.scaleTargetRef?.name}`),
  );
  const budgets = selecting(
    objects.filter((p) => p.kind === 'PodDisruptionBudget'),
    (p) => p.namespace,
    (p) => p.body.spec?.selector?.matchLabels,
  );
  return { autoscaled: (o: LoadedObject) => autoscaled.has(`${o.namespace}/${o.kind}/${o.name}`), budgets };
}

/** More than one copy → a PodDisruptionBudget covering the pods, and a topology spread. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function replication(o: LoadedObject, index: ReturnType<typeof replicationIndex>, template: any, at: string, report: Report): void {
  if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return;
  const autoscaled = index.autoscaled(o);
  const replicas = o.body.spec?.replicas ?? 1;
  if (replicas <= 1 && !autoscaled) return;
  const labels = template.metadata?.labels;
  const budget = index.budgets(o.namespace, labels).length > 0;
  if (!budget) report('disruption-budget', `${at}`, `${autoscaled ? 'autoscaled' : `${replicas} replicas`} but no PodDisruptionBudget selects these pods`);
  if (!(template.spec?.topologySpreadConstraints ?? []).length) report('topology-spread', `${at}.topologySpreadConstraints`, 'replicated pods need a topology spread');
}
