import { ApiObject } from 'cdk8s';
import { AppProject, Application, toJson_AppProjectProps, toJson_ApplicationProps } from '../imports/argoproj.io';
import { ExternalSecret, toJson_ExternalSecretProps } from '../imports/external-secrets.io';
import * as k8s from '../imports/k8s';
import { IntOrString, Quantity } from '../imports/k8s';

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

/**
 * The generated props type whose mapper `obj`'s class uses (`KubeDeploymentProps`), named by the mapper itself
 * (`toJson_KubeDeploymentProps`); undefined for a class berth does not write.
 */
export function propsTypeOf(obj: ApiObject): string | undefined {
  return MAPPERS.get(obj.constructor)?.name.slice('toJson_'.length);
}

/** Whether `obj` carries JSON patches, which only cdk8s's own `toJson` applies. */
export function isPatched(obj: ApiObject): boolean {
  return (obj as unknown as { patches: readonly unknown[] }).patches.length > 0;
}

/**
 * `obj.toJson()`, the same object, several times as fast. cdk8s resolves every value of every manifest through
 * its resolver chain (a context object and three resolvers per value, a new key path per level) and then copies
 * it again to sort keys and drop nulls. berth's props hold only plain data and IntOrString/Quantity values,
 * which the generated mapper alone turns into what that chain would: one look over the props (which allocates
 * nothing) confirms that, and the mapper builds the wire format in one copy. Anything else (a Lazy, a token, a
 * null, a JSON patch, a class berth does not write) takes cdk8s's own path, so the result never differs. Key
 * order is not kept: the YAML writer sorts.
 */
export function manifestJson(obj: ApiObject): unknown {
  const mapper = MAPPERS.get(obj.constructor);
  const { props, patches } = obj as unknown as { props: Record<string, unknown>; patches: readonly unknown[] };
  if (!mapper || patches.length > 0 || !plainData(props)) return obj.toJson();
  return { ...(obj.constructor as unknown as { GVK: object }).GVK, ...mapper({ ...props, metadata: metadataJson(obj) } as never) };
}

/** The fields cdk8s's ApiObjectMetadataDefinition keeps (its `toJson` reads the same ones). */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: object[];
  readonly _additionalAttributes: Record<string, unknown>;
}

/**
 * `obj.metadata.toJson()`, without cdk8s's resolver chain when the metadata is plain data: the same fields in
 * the same precedence, with nulls, empty lists and empty maps dropped as its sanitizer drops them.
 */
export function metadataJson(obj: ApiObject): unknown {
  const m = obj.metadata as unknown as MetadataFields;
  const fields = {
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  };
  return plainData(fields) ? compact(fields) : obj.metadata.toJson();
}

/** cdk8s's `sanitizeValue` with `filterEmptyArrays` and `filterEmptyObjects`, for plain data, keys unsorted. */
function compact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value; // no null here: plainData let none through
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(compact);
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key of Object.keys(value)) {
    const v = compact((value as Record<string, unknown>)[key]);
    if (v !== undefined) {
      out[key] = v;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/**
 * Whether `value` is data cdk8s's `resolve` and `sanitizeValue` would leave as the mapper reads it: no null
 * (dropped by cdk8s, kept by the mapper), no Lazy or token, and no class but IntOrString and Quantity (whose
 * `value` the mapper takes, as cdk8s's NumberStringUnionResolver does).
 */
function plainData(value: unknown): boolean {
  if (value === null) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (item === undefined || !plainData(item)) return false;
    return true;
  }
  if (plainRecord(value)) {
    for (const key in value) if (!plainData(value[key])) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  return (record instanceof IntOrString || record instanceof Quantity) && (typeof record.value === 'number' || typeof record.value === 'string');
}

/**
 * A record cdk8s's `resolve` copies as it is: Object's own (an inherited field it would not copy), no
 * `resolve` function (cdk8s takes any object with one for a token, and calls it), and no own `__proto__` key
 * (its copy drops one).
 */
export function plainRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    typeof (value as { resolve?: unknown }).resolve !== 'function' &&
    !Object.prototype.hasOwnProperty.call(value, '__proto__')
  );
}

/** The apiVersion and kind cdk8s writes: a generated class's own (its `toJson` sets them last), else the object's. */
export function gvkOf(obj: ApiObject): { apiVersion: string; kind: string } {
  return (obj.constructor as { GVK?: { apiVersion: string; kind: string } }).GVK ?? { apiVersion: obj.apiVersion, kind: obj.kind };
}
