/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Finding, LoadedObject } from '../../lib/validate/manifests';

/** Small hand-built objects for the runtime rules: one namespace (`shop`) unless told otherwise. */

export const NS = 'shop';

const API_VERSIONS: Record<string, string> = {
  Namespace: 'v1',
  PersistentVolumeClaim: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

export function obj(kind: string, name: string, rest: Record<string, any> = {}, annotations?: Record<string, string>, namespace = NS): LoadedObject {
  const apiVersion = API_VERSIONS[kind] ?? 'v1';
  const metadata = { name, ...(kind === 'Namespace' ? {} : { namespace }), ...(annotations ? { annotations } : {}) };
  return { file: `${namespace}/${name}.yaml`, apiVersion, kind, name, namespace: kind === 'Namespace' ? undefined : namespace, body: { apiVersion, kind, metadata, ...rest } };
}

export const namespace = (annotations?: Record<string, string>, name = NS) => obj('Namespace', name, {}, annotations);

export const pvc = (name: string, annotations?: Record<string, string>, accessModes = ['ReadWriteOnce']) =>
  obj('PersistentVolumeClaim', name, { spec: { accessModes, resources: { requests: { storage: '1Gi' } } } }, annotations);

export interface PodOptions {
  readonly annotations?: Record<string, string>;
  readonly containers: Record<string, any>[];
  readonly initContainers?: Record<string, any>[];
  readonly volumes?: Record<string, any>[];
  readonly replicas?: number;
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly activeDeadlineSeconds?: number;
  readonly namespace?: string;
}

function podSpec(name: string, o: PodOptions): Record<string, any> {
  return {
    metadata: { labels: { app: name } },
    spec: {
      containers: o.containers.map((c, i) => ({ name: `${name}-${i}`, ...c })),
      ...(o.initContainers ? { initContainers: o.initContainers.map((c, i) => ({ name: `init-${i}`, ...c })) } : {}),
      ...(o.volumes ? { volumes: o.volumes } : {}),
      ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
      ...(o.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds } : {}),
    },
  };
}

export const deployment = (name: string, o: PodOptions, kind = 'Deployment') =>
  obj(kind, name, { spec: { replicas: o.replicas ?? 1, selector: { matchLabels: { app: name } }, template: podSpec(name, o) } }, o.annotations, o.namespace);

export const job = (name: string, o: PodOptions) =>
  obj(
    'Job',
    name,
    { spec: { ...(o.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}), template: podSpec(name, o) } },
    o.annotations,
    o.namespace,
  );

export const cronJob = (name: string, o: PodOptions) =>
  obj(
    'CronJob',
    name,
    {
      spec: {
        schedule: '0 * * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { ...(o.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}), template: podSpec(name, o) } },
      },
    },
    o.annotations,
    o.namespace,
  );

export const service = (name: string, app = name) => obj('Service', name, { spec: { selector: { app }, ports: [{ port: 80 }] } });

export const configMap = (name: string, data: Record<string, string>) => obj('ConfigMap', name, { data });

export const policy = (name: string, spec: Record<string, any>) => obj('NetworkPolicy', name, { spec });

export const defaultDeny = () => policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

export function ingress(name: string, annotations: Record<string, string>, paths: [string, string][], ingressClassName = 'nginx'): LoadedObject {
  return obj(
    'Ingress',
    name,
    {
      spec: {
        ingressClassName,
        rules: [
          { host: 'shop.example.com', http: { paths: paths.map(([path, svc]) => ({ path, pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } })) } },
        ],
      },
    },
    annotations,
  );
}

export const wave = (n: number, more: Record<string, string> = {}) => ({ 'argocd.argoproj.io/sync-wave': String(n), ...more });

/** `Kind/name: field: message` for each finding, as `npm run validate` prints them without the file. */
export function lines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.object}: ${f.field}: ${f.message}`);
}

/**
 * Exactly one finding of `rule`, on `object` at `field`, whose message contains every fragment (the value
 * found and the fix) and ends in `[rule]`.
 */
export function expectOne(findings: readonly Finding[], rule: string, object: string, field: string, ...fragments: string[]): Finding {
  const at = findings.filter((f) => f.object === object && f.field === field);
  if (at.length !== 1) throw new Error(`expected one finding on ${object} at ${field}, got:\n${lines(findings).join('\n') || '(none)'}`);
  const f = at[0];
  expect(f.message.endsWith(`[${rule}]`)).toBe(true);
  for (const fragment of fragments) expect(f.message).toContain(fragment);
  return f;
}
