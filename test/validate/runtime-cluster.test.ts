import { argocdDestination, priorityClassProtection, priorityPreemption } from '../../lib/validate/runtime';
import type { LoadedObject } from '../../lib/validate/manifests';
import { checkReferences } from '../../lib/validate/references';
import { lines } from './runtime-fixtures';

const object = (kind: string, name: string, body: Record<string, unknown>, namespace?: string): LoadedObject => ({
  file: `argocd/${name}.yaml`,
  apiVersion: kind === 'PriorityClass' ? 'scheduling.k8s.io/v1' : 'argoproj.io/v1alpha1',
  kind,
  name,
  namespace,
  body: { kind, metadata: { name, namespace }, ...body },
});
const SERVER = 'https://kubernetes.default.svc';
const project = object(
  'AppProject',
  'berth',
  {
    spec: {
      destinations: [
        { server: SERVER, namespace: 'shop-*' },
        { server: SERVER, namespace: 'berth-cluster' },
      ],
    },
  },
  'argocd',
);
const app = (name: string, destination: Record<string, string>, projectName = 'berth') => object('Application', name, { spec: { project: projectName, destination } }, 'argocd');

describe('[argocd-destination] an Application syncs only to a destination its project allows', () => {
  test('no namespace (cluster-scoped objects only) or an unlisted one is reported, with the fix', () => {
    expect(lines(argocdDestination([project, app('cluster', { server: SERVER }), app('blog', { server: SERVER, namespace: 'blog-prod' })]))).toEqual([
      `Application/cluster: spec.destination.namespace: no namespace on ${SERVER} is not among AppProject berth's destinations (${SERVER}/shop-*, ${SERVER}/berth-cluster): Argo CD refuses to sync it (an empty namespace matches none, even for cluster-scoped objects); set a namespace the project lists, or list it [argocd-destination]`,
      `Application/blog: spec.destination.namespace: namespace "blog-prod" on ${SERVER} is not among AppProject berth's destinations (${SERVER}/shop-*, ${SERVER}/berth-cluster): Argo CD refuses to sync it; set a namespace the project lists, or list it [argocd-destination]`,
    ]);
  });
  test('listed namespaces and globs pass; a project not in the output is not judged', () => {
    expect(argocdDestination([project, app('cluster', { server: SERVER, namespace: 'berth-cluster' }), app('shop', { server: SERVER, namespace: 'shop-prod' })])).toEqual([]);
    expect(argocdDestination([app('root', { server: SERVER, namespace: 'argocd' }, 'default')])).toEqual([]);
  });
});

describe('[priority-preemption] application tiers never evict the platform', () => {
  const pc = (name: string, value: number, preemptionPolicy?: string) => object('PriorityClass', name, { value, ...(preemptionPolicy ? { preemptionPolicy } : {}) });
  test('a positive class that may preempt (explicitly or by default) is reported', () => {
    expect(lines(priorityPreemption([pc('tier-a', 1000, 'PreemptLowerPriority'), pc('tier-b', 10)]))).toEqual([
      `PriorityClass/tier-a: preemptionPolicy: "PreemptLowerPriority" lets pods of priority 1000 evict the platform's pods at priority 0 (ingress controller, Argo CD): set preemptionPolicy: Never [priority-preemption]`,
      `PriorityClass/tier-b: preemptionPolicy: "PreemptLowerPriority (the default)" lets pods of priority 10 evict the platform's pods at priority 0 (ingress controller, Argo CD): set preemptionPolicy: Never [priority-preemption]`,
    ]);
  });
  test('Never, or a class at or below 0, passes', () => {
    expect(priorityPreemption([pc('tier', 100000, 'Never'), pc('batch', -10, 'PreemptLowerPriority')])).toEqual([]);
  });
});

describe('[priority-class-protection] a PriorityClass outlives its app', () => {
  const pc = (name: string, annotations?: Record<string, string>) => {
    const o = object('PriorityClass', name, { value: 1000, preemptionPolicy: 'Never' });
    return { ...o, body: { ...o.body, metadata: { name, annotations } } };
  };
  test('one Argo CD may prune or delete is reported, with the fix', () => {
    expect(lines(priorityClassProtection([pc('tier-a'), pc('tier-b', { 'argocd.argoproj.io/sync-options': 'Prune=false' })]))).toEqual([
      'PriorityClass/tier-a: metadata.annotations["argocd.argoproj.io/sync-options"]: deleting its app (or renaming the tier) removes it, and every pod that names it is refused at admission; set argocd.argoproj.io/sync-options: Prune=false,Delete=false [priority-class-protection]',
      'PriorityClass/tier-b: metadata.annotations["argocd.argoproj.io/sync-options"]: deleting its app (or renaming the tier) removes it, and every pod that names it is refused at admission; set argocd.argoproj.io/sync-options: Prune=false,Delete=false [priority-class-protection]',
    ]);
  });
  test('Prune=false and Delete=false pass', () => {
    expect(priorityClassProtection([pc('tier', { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' })])).toEqual([]);
  });
});

describe('[duplicate-object] one kind, namespace and name is one object', () => {
  const policy = (file: string, name: string, namespace = 'shop') => ({
    ...object('NetworkPolicy', name, { spec: { podSelector: {} } }, namespace),
    file,
    apiVersion: 'networking.k8s.io/v1',
  });
  test('a second NetworkPolicy/default-deny in the namespace (a service named default-deny) is reported with both files', () => {
    const findings = checkReferences([policy('shop/default-deny.yaml', 'default-deny'), policy('shop/default-deny-svc.yaml', 'default-deny')]);
    expect(findings.map((f) => `${f.file}: ${f.object}: ${f.field}: ${f.message}`)).toEqual([
      'shop/default-deny-svc.yaml: NetworkPolicy/default-deny: metadata.name: NetworkPolicy default-deny in namespace shop is also defined in shop/default-deny.yaml; the API server keeps only one: rename one [duplicate-object]',
    ]);
  });
  test('the same name in another namespace, or of another kind, is another object', () => {
    expect(checkReferences([policy('a.yaml', 'default-deny'), policy('b.yaml', 'default-deny', 'blog')])).toEqual([]);
  });
});
