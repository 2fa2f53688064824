import { Construct } from 'constructs';
import {
  IntOrString,
  KubeConfigMap,
  KubeCronJob,
  KubeDaemonSet,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubeJob,
  KubePodDisruptionBudget,
  KubeService,
  type JobSpec,
  type ObjectMeta,
  toJson_JobSpec,
} from '../../imports/k8s';
import { specHash } from '../spec-hash';
import type { ResolvedService, ResolvedSystem } from '../model/resolve';
import { serviceFacts } from './annotations';
import { configMapName, filesConfigMapName, plainConfig } from './env';
import { objectLabels, selectorLabels } from './labels';
import { exemptionAnnotation } from './policy';
import { podTemplate } from './pod';
import { PREREQUISITES_WAVE, syncHook, syncWave } from './sync';

/** `<service>-<spec hash>`: the name of a Job that runs once per change of its spec. */
export function revisionName(service: string, hash: string): string {
  return `${service}-${hash}`;
}

/**
 * Everything one compose service becomes: its ConfigMap, its workload (by kind), its Service when it has
 * ports, and a PodDisruptionBudget and HorizontalPodAutoscaler when it runs more than one copy.
 */
export class ServiceResources extends Construct {
  constructor(scope: Construct, system: ResolvedSystem, svc: ResolvedService) {
    super(scope, svc.name);
    const meta = (annotations: Record<string, string>, name = svc.name): ObjectMeta => ({
      name,
      namespace: svc.namespace,
      labels: objectLabels(system, svc.name, svc.component),
      annotations,
    });

    const config = plainConfig(svc);
    if (Object.keys(config).length > 0) {
      new KubeConfigMap(this, 'config', { metadata: meta(syncWave(PREREQUISITES_WAVE), configMapName(svc.name)), data: config });
    }

    if (svc.configFiles.length > 0) {
      new KubeConfigMap(this, 'files', {
        metadata: meta(syncWave(PREREQUISITES_WAVE), filesConfigMapName(svc.name)),
        data: Object.fromEntries(svc.configFiles.map((f) => [f.key, f.content])),
      });
    }

    const workloadAnnotations = { ...syncWave(svc.wave), ...serviceFacts(svc), ...exemptionAnnotation(svc.exemptions) };
    const selector = { matchLabels: selectorLabels(system, svc.name) };
    switch (svc.kind) {
      case 'long-running':
        new KubeDeployment(this, 'workload', {
          metadata: meta(workloadAnnotations),
          spec: {
            // With an HPA the replica count is the autoscaler's; a fixed one here would fight it on every sync.
            replicas: svc.autoscaling ? undefined : svc.replicas,
            selector,
            strategy: svc.recreate
              ? // Recreate: the old pod must release its ReadWriteOnce claim (or, for a singleton, stop
                // scheduling) before the new one starts; a surge pod would deadlock or run twice.
                { type: 'Recreate' }
              : { type: 'RollingUpdate', rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) } },
            template: podTemplate(system, svc, 'Always'),
          },
        });
        break;
      case 'one-shot': {
        const spec: JobSpec = {
          backoffLimit: svc.oneShot.backoffLimit,
          activeDeadlineSeconds: svc.oneShot.activeDeadlineSeconds,
          template: podTemplate(system, svc, 'Never'),
        };
        const facts = {
          ...serviceFacts(svc),
          ...exemptionAnnotation(svc.exemptions),
          ...(svc.oneShot.sampleData ? { 'berth.dev/sample-data': 'true' } : {}),
        };
        const runs = svc.oneShot.runs;
        if (runs.every === 'sync') {
          // A Sync hook, not a plain Job: a Job's spec.template is immutable, so a plain Job fails to sync once
          // its image changes. The hook runs after its dependencies' wave is healthy, on every sync.
          new KubeJob(this, 'workload', {
            metadata: meta({ ...syncHook(svc.wave), 'berth.dev/idempotent-because': runs.idempotentBecause, ...facts }),
            spec,
          });
        } else {
          // Once per change: a plain Job named after its spec. An unchanged spec is the same, finished Job, so
          // no sync repeats it; a changed one is a new Job (the old one is pruned), never an immutable update.
          const hash = specHash(toJson_JobSpec(spec));
          new KubeJob(this, 'workload', {
            metadata: meta({ ...syncWave(svc.wave), 'berth.dev/spec-hash': hash, ...facts }, revisionName(svc.name, hash)),
            spec,
          });
        }
        break;
      }
      case 'scheduled':
        new KubeCronJob(this, 'workload', {
          metadata: meta(workloadAnnotations),
          spec: {
            schedule: svc.schedule,
            // A run still going when the next is due is skipped, never doubled.
            concurrencyPolicy: 'Forbid',
            jobTemplate: {
              spec: {
                backoffLimit: svc.job.backoffLimit,
                activeDeadlineSeconds: svc.job.activeDeadlineSeconds,
                template: podTemplate(system, svc, 'Never'),
              },
            },
          },
        });
        break;
      case 'per-node':
        new KubeDaemonSet(this, 'workload', {
          metadata: meta(workloadAnnotations),
          spec: { selector, template: podTemplate(system, svc, 'Always') },
        });
        break;
    }

    if (svc.ports.length > 0 && svc.kind !== 'one-shot' && svc.kind !== 'scheduled') {
      new KubeService(this, 'service', {
        metadata: meta(syncWave(svc.wave)),
        spec: {
          type: 'ClusterIP',
          // One copy per node: a headless Service resolves to every pod, so a scraper can reach each node's.
          ...(svc.kind === 'per-node' ? { clusterIp: 'None' } : {}),
          selector: selectorLabels(system, svc.name),
          ports: svc.ports.map((p) => ({ name: p.name, port: p.port, targetPort: IntOrString.fromString(p.name), protocol: p.protocol })),
        },
      });
    }

    if (svc.kind === 'long-running' && svc.replicated) {
      new KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: meta(syncWave(svc.wave)),
        // maxUnavailable, not minAvailable: a drain may always take one pod, and never blocks forever.
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector },
      });
    }
    if (svc.kind === 'long-running' && svc.autoscaling) {
      new KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: meta(syncWave(svc.wave)),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: svc.name },
          minReplicas: svc.autoscaling.minReplicas,
          maxReplicas: svc.autoscaling.maxReplicas,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: svc.autoscaling.cpuUtilizationPercent } } },
          ],
        },
      });
    }
  }
}
