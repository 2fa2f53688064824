import { IDEMPOTENT_BECAUSE, SAMPLE_DATA, SPEC_HASH } from '../annotations';
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
import { configMapName, filesConfigMapName, revisionName } from '../model/names';
import { hasFilesConfigMap, hasService, podPorts } from '../model/objects';
import type { ResolvedLongRunning, ResolvedOneShotService, ResolvedService, ResolvedSystem } from '../model/resolve';
import { specHash } from '../spec-hash';
import { serviceFacts } from './annotations';
import { plainConfig, podConfigFiles } from './env';
import { objectLabels, selectorLabels } from './labels';
import { exemptionAnnotation } from './policy';
import { podTemplate } from './pod';
import { PREREQUISITES_WAVE, syncHook, syncWave } from './sync';

/**
 * Everything one compose service becomes: its ConfigMaps, its workload (by kind), its Service when it has
 * ports, and a PodDisruptionBudget and HorizontalPodAutoscaler when it runs more than one copy.
 */
export class ServiceResources extends Construct {
  constructor(
    scope: Construct,
    private readonly system: ResolvedSystem,
    private readonly svc: ResolvedService,
  ) {
    super(scope, svc.name);
    this.configMaps();
    switch (svc.kind) {
      case 'long-running':
        this.deployment(svc);
        break;
      case 'one-shot':
        this.job(svc);
        break;
      case 'scheduled':
        new KubeCronJob(this, 'workload', {
          metadata: this.meta(this.workloadAnnotations()),
          spec: {
            schedule: svc.schedule,
            // A run still going when the next is due is skipped, never doubled.
            concurrencyPolicy: 'Forbid',
            jobTemplate: {
              spec: { backoffLimit: svc.job.backoffLimit, activeDeadlineSeconds: svc.job.activeDeadlineSeconds, template: podTemplate(this.system, svc, 'Never') },
            },
          },
        });
        break;
      case 'per-node':
        new KubeDaemonSet(this, 'workload', {
          metadata: this.meta(this.workloadAnnotations()),
          spec: { selector: this.selector(), template: podTemplate(this.system, svc, 'Always') },
        });
        break;
    }
    this.service();
  }

  private meta(annotations: Record<string, string>, name = this.svc.name): ObjectMeta {
    return { name, namespace: this.svc.namespace, labels: objectLabels(this.system, this.svc.name, this.svc.component), annotations };
  }

  private selector() {
    return { matchLabels: selectorLabels(this.system, this.svc.name) };
  }

  private workloadAnnotations(): Record<string, string> {
    return { ...this.svc.annotations, ...syncWave(this.svc.wave), ...serviceFacts(this.svc), ...exemptionAnnotation(this.svc.exemptions) };
  }

  /** Plain configuration and configuration files, synced before any workload. */
  private configMaps(): void {
    const config = plainConfig(this.svc);
    if (Object.keys(config).length > 0) {
      new KubeConfigMap(this, 'config', { metadata: this.meta(syncWave(PREREQUISITES_WAVE), configMapName(this.svc.name)), data: config });
    }
    if (hasFilesConfigMap(this.svc)) {
      new KubeConfigMap(this, 'files', {
        metadata: this.meta(syncWave(PREREQUISITES_WAVE), filesConfigMapName(this.svc.name)),
        data: Object.fromEntries(podConfigFiles(this.svc).map((f) => [f.key, f.content])),
      });
    }
  }

  private deployment(svc: ResolvedLongRunning): void {
    new KubeDeployment(this, 'workload', {
      metadata: this.meta(this.workloadAnnotations()),
      spec: {
        // With an HPA the replica count is the autoscaler's; a fixed one here would fight it on every sync.
        replicas: svc.autoscaling ? undefined : svc.replicas,
        selector: this.selector(),
        strategy: svc.recreate
          ? // Recreate: the old pod must release its ReadWriteOnce claim (or, for a singleton, stop
            // scheduling) before the new one starts; a surge pod would deadlock or run twice.
            { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) } },
        template: podTemplate(this.system, svc, 'Always'),
      },
    });
    if (svc.replicated) {
      new KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: this.meta(syncWave(svc.wave)),
        // maxUnavailable, not minAvailable: a drain may always take one pod, and never blocks forever.
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: this.selector() },
      });
    }
    if (svc.autoscaling) {
      const { minReplicas, maxReplicas, cpuUtilizationPercent } = svc.autoscaling;
      new KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: this.meta(syncWave(svc.wave)),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: svc.name },
          minReplicas,
          maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuUtilizationPercent } } }],
        },
      });
    }
  }

  private job(svc: ResolvedOneShotService): void {
    const spec: JobSpec = {
      backoffLimit: svc.oneShot.backoffLimit,
      activeDeadlineSeconds: svc.oneShot.activeDeadlineSeconds,
      template: podTemplate(this.system, svc, 'Never'),
    };
    const facts = {
      ...svc.annotations,
      ...serviceFacts(svc),
      ...exemptionAnnotation(svc.exemptions),
      ...(svc.oneShot.sampleData ? { [SAMPLE_DATA]: 'true' } : {}),
    };
    const runs = svc.oneShot.runs;
    if (runs.every === 'sync') {
      // A Sync hook, not a plain Job: a Job's spec.template is immutable, so a plain Job fails to sync once its
      // image changes. The hook runs after its dependencies' wave is healthy, on every sync.
      new KubeJob(this, 'workload', { metadata: this.meta({ ...syncHook(svc.wave), [IDEMPOTENT_BECAUSE]: runs.idempotentBecause, ...facts }), spec });
      return;
    }
    // Once per change: a plain Job named after its spec. An unchanged spec is the same, finished Job, so no sync
    // repeats it; a changed one is a new Job (the old one is pruned), never an immutable update.
    const hash = specHash(toJson_JobSpec(spec));
    new KubeJob(this, 'workload', { metadata: this.meta({ ...syncWave(svc.wave), [SPEC_HASH]: hash, ...facts }, revisionName(svc.name, hash)), spec });
  }

  /**
   * A ClusterIP Service for the ports of a server; headless for one copy per node. Each alias (compose network
   * `aliases`) is one more Service of the same pods and ports, so the name resolves in the namespace as it did
   * on the compose network. NetworkPolicies select pods, not Services, so an alias opens no other path.
   */
  private service(): void {
    const svc = this.svc;
    if (!hasService(svc)) return;
    const spec = {
      type: 'ClusterIP',
      // One copy per node: a headless Service resolves to every pod, so a scraper can reach each node's.
      ...(svc.kind === 'per-node' ? { clusterIp: 'None' } : {}),
      selector: selectorLabels(this.system, svc.name),
      // The pod's ports: its own container's and its sidecars' (one network namespace behind one Service).
      ports: podPorts(svc).map((p) => ({ name: p.name, port: p.port, targetPort: IntOrString.fromString(p.name), protocol: p.protocol })),
    };
    new KubeService(this, 'service', { metadata: this.meta(syncWave(svc.wave)), spec });
    for (const alias of svc.aliases) {
      new KubeService(this, `alias-${alias}`, { metadata: this.meta({ ...syncWave(svc.wave), 'berth.dev/alias-of': svc.name }, alias), spec });
    }
  }
}
