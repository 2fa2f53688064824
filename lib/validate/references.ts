import type { PodSpec as V1PodSpec } from 'kubernetes-types/core/v1';
import { type Finding, type LoadedObject, objectId } from './manifests';
import { containersOf, podTemplateOf, selectedBy } from './pods';

/** PriorityClasses every cluster has. */
const BUILT_IN_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

/**
 * Cross-object references, the mistakes a schema cannot see: a Service that selects no pods or targets a port
 * no container has, an Ingress to a missing Service port, and pods that use a claim, Secret, ConfigMap,
 * ServiceAccount or PriorityClass the output does not produce, or pull with a Secret the kubelet cannot use. `clusterObjects` are cluster-scoped objects
 * delivered elsewhere (dist/cluster) that the pods may rely on.
 */
export function checkReferences(objects: readonly LoadedObject[], clusterObjects: readonly LoadedObject[] = []): Finding[] {
  const ctx = lookups(objects);
  return [...checkServices(objects, ctx), ...checkIngresses(objects, ctx), ...checkPods(objects, clusterObjects, ctx), ...checkNamespaced(objects), ...checkDuplicates(objects)];
}

type Pod = NonNullable<ReturnType<typeof podTemplateOf>> & { owner: LoadedObject };

interface Lookups {
  readonly find: (kind: string, namespace: string | undefined, name: string) => LoadedObject | undefined;
  readonly pods: readonly Pod[];
  /** The pods a Service's selector selects in its namespace. */
  readonly podsSelectedBy: (namespace: string | undefined, selector: Record<string, string>) => Pod[];
  /** Keys of a Secret that will exist: present outright, or produced by an ExternalSecret (its target name). */
  readonly secretKeys: (namespace: string | undefined, name: string) => Set<string> | undefined;
  /** The type of a Secret that will exist (`Opaque` unless set), or undefined when none will. */
  readonly secretType: (namespace: string | undefined, name: string) => string | undefined;
}

/** Objects by kind, namespace and name, indexed once; pods; the keys each Secret will have. */
function lookups(objects: readonly LoadedObject[]): Lookups {
  const index = new Map(objects.map((o) => [`${o.kind}/${o.namespace ?? ''}/${o.name}`, o]));
  const find = (kind: string, namespace: string | undefined, name: string) => index.get(`${kind}/${namespace ?? ''}/${name}`);
  const pods = objects.flatMap((o) => {
    const pod = podTemplateOf(o);
    return pod ? [{ owner: o, ...pod }] : [];
  });
  const externals = new Map<string, LoadedObject>();
  for (const o of objects) {
    const key = `${o.namespace ?? ''}/${o.body.spec?.target?.name ?? o.name}`;
    if (o.kind === 'ExternalSecret' && !externals.has(key)) externals.set(key, o);
  }
  const secretKeys = (namespace: string | undefined, name: string): Set<string> | undefined => {
    const plain = find('Secret', namespace, name);
    if (plain) return new Set(Object.keys({ ...plain.body.data, ...plain.body.stringData }));
    const external = externals.get(`${namespace ?? ''}/${name}`);
    if (!external) return undefined;
    // An env file (dataFrom.extract) yields keys only the secret store knows: any key may be there.
    if ((external.body.spec?.dataFrom ?? []).length > 0) return new Set<string>(['*']);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return new Set((external.body.spec?.data ?? []).map((d: any) => d.secretKey));
  };
  const secretType = (namespace: string | undefined, name: string): string | undefined => {
    const plain = find('Secret', namespace, name);
    if (plain) return plain.body.type ?? 'Opaque';
    const external = externals.get(`${namespace ?? ''}/${name}`);
    return external ? (external.body.spec?.target?.template?.type ?? 'Opaque') : undefined;
  };
  const podsSelectedBy = selectedBy(
    pods,
    (p) => p.owner.namespace,
    (p) => p.template.metadata?.labels,
  );
  return { find, pods, podsSelectedBy, secretKeys, secretType };
}

/** A Service selects some pod template, and each targetPort is a port of every pod it selects. */
function checkServices(objects: readonly LoadedObject[], { podsSelectedBy }: Lookups): Finding[] {
  const findings: Finding[] = [];
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const report = (field: string, message: string) => findings.push({ file: svc.file, object: objectId(svc), field, message });
    const selector = svc.body.spec?.selector;
    if (!selector) continue;
    const selected = podsSelectedBy(svc.namespace, selector);
    if (selected.length === 0) {
      report('spec.selector', `selects no pod template in namespace ${svc.namespace}`);
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (svc.body.spec?.ports ?? []).forEach((port: any, i: number) => {
      const target = port.targetPort ?? port.port;
      const served = selected.every((p) =>
        containersOf(p.template.spec, '').some(
          ({ container, init }) => !init && (container.ports ?? []).some((cp) => (typeof target === 'string' ? cp.name === target : cp.containerPort === target)),
        ),
      );
      if (!served) report(`spec.ports[${i}].targetPort`, `${JSON.stringify(target)} is not a container port of the selected pods`);
    });
  }
  return findings;
}

/** Each Ingress backend is a Service in the output, with that port. */
function checkIngresses(objects: readonly LoadedObject[], { find }: Lookups): Finding[] {
  const findings: Finding[] = [];
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (ing.body.spec?.rules ?? []).forEach((rule: any, r: number) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (rule.http?.paths ?? []).forEach((p: any, i: number) => {
        const backend = p.backend?.service;
        const field = `spec.rules[${r}].http.paths[${i}].backend.service`;
        if (!backend) return;
        const svc = find('Service', ing.namespace, backend.name);
        if (!svc) {
          findings.push({ file: ing.file, object: objectId(ing), field: `${field}.name`, message: `Service ${backend.name} is not in the output` });
          return;
        }
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const hasPort = (svc.body.spec?.ports ?? []).some((sp: any) => (backend.port?.name ? sp.name === backend.port.name : sp.port === backend.port?.number));
        if (!hasPort)
          findings.push({ file: ing.file, object: objectId(ing), field: `${field}.port`, message: `Service ${backend.name} has no port ${JSON.stringify(backend.port)}` });
      });
    });
  }

  return findings;
}

/** The type of Secret `imagePullSecrets` may name (kubernetes.io/dockercfg is its legacy form, which berth never writes). */
const PULL_SECRET_TYPE = 'kubernetes.io/dockerconfigjson';

/** What pods use exists: claims, ConfigMaps and their keys, Secrets and their keys, ServiceAccounts, PriorityClasses. */
function checkPods(objects: readonly LoadedObject[], clusterObjects: readonly LoadedObject[], { find, pods, secretKeys, secretType }: Lookups): Finding[] {
  const findings: Finding[] = [];
  const priorityClasses = new Set([...BUILT_IN_PRIORITY_CLASSES, ...[...objects, ...clusterObjects].filter((o) => o.kind === 'PriorityClass').map((o) => o.name)]);
  for (const { owner, path, template } of pods) {
    const report = (field: string, message: string) => findings.push({ file: owner.file, object: objectId(owner), field, message });
    const ns = owner.namespace;
    const spec: Partial<V1PodSpec> = template.spec ?? {};
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (spec.volumes ?? []).forEach((v: any, i: number) => {
      const at = `${path}.spec.volumes[${i}]`;
      if (v.persistentVolumeClaim && !find('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName))
        report(`${at}.persistentVolumeClaim.claimName`, `claim ${v.persistentVolumeClaim.claimName} is not in the output`);
      if (v.configMap && !find('ConfigMap', ns, v.configMap.name)) report(`${at}.configMap.name`, `ConfigMap ${v.configMap.name} is not in the output`);
      const keys = v.secret && secretKeys(ns, v.secret.secretName);
      if (v.secret && !keys) report(`${at}.secret.secretName`, `Secret ${v.secret.secretName} is neither in the output nor produced by an ExternalSecret`);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (keys && !keys.has('*') ? (v.secret.items ?? []) : []).forEach((item: any, j: number) => {
        if (!keys!.has(item.key)) report(`${at}.secret.items[${j}].key`, `Secret ${v.secret.secretName} gets no key ${item.key}`);
      });
    });
    for (const { path: cpath, container } of containersOf(spec, `${path}.spec`)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (container.env ?? []).forEach((e: any, i: number) => {
        const at = `${cpath}.env[${i}].valueFrom`;
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm) {
          const map = find('ConfigMap', ns, cm.name);
          if (!map) report(`${at}.configMapKeyRef`, `ConfigMap ${cm.name} is not in the output`);
          else if (!configMapKeys(map).has(cm.key)) report(`${at}.configMapKeyRef.key`, `ConfigMap ${cm.name} has no key ${cm.key}`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          const keys = secretKeys(ns, sk.name);
          if (!keys) report(`${at}.secretKeyRef`, `Secret ${sk.name} is neither in the output nor produced by an ExternalSecret`);
          else if (!keys.has(sk.key) && !keys.has('*')) report(`${at}.secretKeyRef.key`, `Secret ${sk.name} gets no key ${sk.key}`);
        }
      });
      // A file mounted from a ConfigMap (subPath of a configMap volume that projects every key): the kubelet
      // fails the container when the key is not there.
      (container.volumeMounts ?? []).forEach((m, i) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const cm = (spec.volumes ?? []).find((v) => v.name === m.name)?.configMap as any;
        if (!cm || cm.items !== undefined || m.subPath === undefined) return;
        const map = find('ConfigMap', ns, cm.name);
        const key = m.subPath.split('/')[0];
        if (map && !configMapKeys(map).has(key))
          report(`${cpath}.volumeMounts[${i}].subPath`, `ConfigMap ${cm.name}, mounted as volume ${m.name}, has no key ${key}: the container cannot start`);
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (container.envFrom ?? []).forEach((e: any, i: number) => {
        if (e.configMapRef && !find('ConfigMap', ns, e.configMapRef.name)) report(`${cpath}.envFrom[${i}].configMapRef`, `ConfigMap ${e.configMapRef.name} is not in the output`);
        if (e.secretRef && !secretKeys(ns, e.secretRef.name)) report(`${cpath}.envFrom[${i}].secretRef`, `Secret ${e.secretRef.name} is not produced`);
      });
    }
    (spec.imagePullSecrets ?? []).forEach((ref, i) => {
      const type = secretType(ns, ref.name ?? '');
      if (type === undefined) report(`${path}.spec.imagePullSecrets[${i}]`, `Secret ${ref.name} is neither in the output nor produced by an ExternalSecret`);
      else if (type !== PULL_SECRET_TYPE)
        report(`${path}.spec.imagePullSecrets[${i}]`, `Secret ${ref.name} is of type ${type}; the kubelet pulls only with a ${PULL_SECRET_TYPE} Secret`);
    });
    const sa = spec.serviceAccountName;
    if (sa && sa !== 'default' && !find('ServiceAccount', ns, sa)) report(`${path}.spec.serviceAccountName`, `ServiceAccount ${sa} is not in the output`);
    if (spec.priorityClassName && !priorityClasses.has(spec.priorityClassName))
      report(`${path}.spec.priorityClassName`, `PriorityClass ${spec.priorityClassName} is not in the output`);
  }

  return findings;
}

/** A ConfigMap's keys: its own keys of data and binaryData (`in` would also find `__proto__` and `constructor`). */
function configMapKeys(map: LoadedObject): Set<string> {
  return new Set([...Object.keys(map.body.data ?? {}), ...Object.keys(map.body.binaryData ?? {})]);
}

const CLUSTER_SCOPED = ['Namespace', 'PriorityClass', 'AppProject', 'Application'];

/** Namespaced objects name their namespace: Argo CD would otherwise put them in the Application's. */
function checkNamespaced(objects: readonly LoadedObject[]): Finding[] {
  return objects
    .filter((o) => !CLUSTER_SCOPED.includes(o.kind) && !o.namespace)
    .map((o) => ({ file: o.file, object: objectId(o), field: 'metadata.namespace', message: 'a namespaced object needs an explicit namespace' }));
}

/**
 * Two objects of one kind, namespace and name anywhere in the directory are one object to the API server: the
 * later one silently replaces the first (a service named `default-deny` would replace the deny-all policy).
 */
function checkDuplicates(objects: readonly LoadedObject[]): Finding[] {
  const first = new Map<string, LoadedObject>();
  const findings: Finding[] = [];
  for (const o of objects) {
    const key = `${o.apiVersion?.split('/')[0]}|${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, o);
    else {
      const where = o.namespace ? ` in namespace ${o.namespace}` : '';
      findings.push({
        file: o.file,
        object: objectId(o),
        field: 'metadata.name',
        message: `${o.kind} ${o.name}${where} is also defined in ${earlier.file}; the API server keeps only one: rename one [duplicate-object]`,
      });
    }
  }
  return findings;
}
