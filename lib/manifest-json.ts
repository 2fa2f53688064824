import { ApiObject, Lazy } from 'cdk8s';
import { AppProject, Application, toJson_AppProjectProps, toJson_ApplicationProps } from '../imports/argoproj.io';
import { ExternalSecret, toJson_ExternalSecretProps } from '../imports/external-secrets.io';
import * as k8s from '../imports/k8s';

type Mapper = (props: never) => Record<string, unknown> | undefined;

/** The generated L1 classes berth writes, each with the function its `toJson` maps resolved props with. */
const MAPPERS = new Map<unknown, Mapper>([
  [k8s.KubeConfigMap, k8s.toJson_KubeConfigMapProps],
  [k8s.KubeCronJob, k8s.toJson_KubeCronJobProps],
  [k8s.KubeDaemonSet, k8s.toJson_KubeDaemonSetProps],
  [k8s.KubeDeployment, k8s.toJson_KubeDeploymentProps],
  [k8s.KubeHorizontalPodAutoscalerV2, k8s.toJson_KubeHorizontalPodAutoscalerV2Props],
  [k8s.KubeIngress, k8s.toJson_KubeIngressProps],
  [k8s.KubeJob, k8s.toJson_KubeJobProps],
  [k8s.KubeNamespace, k8s.toJson_KubeNamespaceProps],
  [k8s.KubeNetworkPolicy, k8s.toJson_KubeNetworkPolicyProps],
  [k8s.KubePersistentVolumeClaim, k8s.toJson_KubePersistentVolumeClaimProps],
  [k8s.KubePodDisruptionBudget, k8s.toJson_KubePodDisruptionBudgetProps],
  [k8s.KubePriorityClass, k8s.toJson_KubePriorityClassProps],
  [k8s.KubeService, k8s.toJson_KubeServiceProps],
  [ExternalSecret, toJson_ExternalSecretProps],
  [Application, toJson_ApplicationProps],
  [AppProject, toJson_AppProjectProps],
]);

/** A value cdk8s's resolvers would transform (a Lazy, a token) or refuse: left to cdk8s itself. */
class Unusual extends Error {}

/**
 * `obj.toJson()`, the same object, about twice as fast. cdk8s resolves every value of every manifest through
 * its resolver chain (a context object and three resolvers per value, a new key path per level) and then copies
 * it again to sort keys and drop nulls; berth's props hold only plain data and IntOrString/Quantity values, which
 * one pass turns into what that chain would. Anything else (a Lazy, a token, a JSON patch, a class berth does
 * not write) takes cdk8s's own path, so the result never differs. Key order is not kept: the YAML writer sorts.
 */
export function manifestJson(obj: ApiObject): unknown {
  const mapper = MAPPERS.get(obj.constructor);
  const { props, patches } = obj as unknown as { props: Record<string, unknown>; patches: readonly unknown[] };
  if (!mapper || patches.length > 0) return obj.toJson();
  try {
    const resolved = plain({ ...props, metadata: obj.metadata.toJson() });
    return { ...(obj.constructor as unknown as { GVK: object }).GVK, ...mapper(resolved as never) };
  } catch (err) {
    if (err instanceof Unusual) return obj.toJson();
    throw err;
  }
}

/**
 * cdk8s's `resolve` then `sanitizeValue` (nulls dropped), for the values berth's props hold. Keys are not
 * sorted as `sanitizeValue` does: the generated mappers build new objects anyway, and the YAML writer sorts.
 */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Lazy || typeof (value as { resolve?: unknown }).resolve === 'function') throw new Unusual();
  const record = value as Record<string, unknown>;
  if (record.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const v = plain(record[key]);
      if (v !== undefined && v !== null) out[key] = v;
    }
    return out;
  }
  // IntOrString, Quantity: cdk8s's NumberStringUnionResolver makes them { value }
  if (typeof record.value === 'number' || typeof record.value === 'string') return { value: record.value };
  throw new Unusual();
}
