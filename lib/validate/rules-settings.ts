import type { Finding, LoadedObject } from './manifests';
import { isDataStore, requiredSecretEnv } from './images';
import { containersOfPod, finding, indexOf, type NamespaceView } from './runtime-index';

/**
 * Rules about the settings a process needs at start: the env file its settings module loads, a key an image
 * cannot live without, the assets a routed admin page loads, and the secret files it reads.
 */

/**
 * [env-file-parity] Processes of one image load one settings module, and with it the same env files
 * (`envFrom` Secrets): a worker or dashboard started without the backend's .env crashes on import or runs with
 * defaults (an empty SECRET_KEY, no API keys). Not asked of a data store the catalog knows (two Redis servers,
 * one a queue and one a cache, are two servers, each with its own settings).
 */
export function envFileParity(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'env-file-parity';
  return indexOf(objects).namespaces.flatMap((ns) => {
    const main = ns.workloads.flatMap((pod) => (pod.spec.containers ?? []).map((container, i) => ({ pod, container, path: `${pod.path}.spec.containers[${i}]` })));
    const byImage = new Map<string, typeof main>();
    for (const c of main) if (!isDataStore(c.container.image ?? '')) byImage.set(c.container.image ?? '', [...(byImage.get(c.container.image ?? '') ?? []), c]);
    return [...byImage.values()].flatMap((group) => {
      const secretsOf = (c: (typeof main)[number]) => new Set((c.container.envFrom ?? []).flatMap((e) => (e.secretRef?.name ? [e.secretRef.name] : [])));
      const all = new Set(group.flatMap((c) => [...secretsOf(c)]));
      return group.flatMap((c) => {
        const missing = [...all].filter((s) => !secretsOf(c).has(s)).sort();
        if (missing.length === 0) return [];
        const holders = group.filter((x) => missing.some((s) => secretsOf(x).has(s))).map((x) => `${x.pod.owner.kind}/${x.pod.owner.name}`);
        return [
          finding(
            c.pod.owner,
            `${c.path}.envFrom`,
            `${c.container.image} also runs in ${[...new Set(holders)].join(', ')}, which load${holders.length === 1 ? 's' : ''} the env file${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; this process imports the same settings without ${missing.length === 1 ? 'it' : 'them'}: add envFrom secretRef ${missing.join(', ')}`,
            rule,
          ),
        ];
      });
    });
  });
}

/** [image-required-env] A setting some images cannot run correctly without must come from a Secret. */
export function imageRequiredEnv(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'image-required-env';
  return indexOf(objects).containers.flatMap(({ pod, path, container, init }) => {
    if (init) return [];
    return requiredSecretEnv(container.image ?? '').flatMap((row) => {
      const fromSecret = (container.env ?? []).some((e) => e.name === row.env && e.valueFrom?.secretKeyRef);
      const fromEnvFile = (container.envFrom ?? []).some((e) => e.secretRef && !e.prefix);
      if (fromSecret || fromEnvFile) return [];
      const literal = (container.env ?? []).some((e) => e.name === row.env);
      return [
        finding(
          pod.owner,
          `${path}.env`,
          `${container.image} needs ${row.env} from a Secret${literal ? ' (here it is not a secretKeyRef)' : ''}: ${row.why}; set it with valueFrom.secretKeyRef`,
          rule,
        ),
      ];
    });
  });
}

/**
 * [ingress-static] Django's admin page loads its CSS and JavaScript from /static. Where an Ingress routes /admin
 * to a service but neither / nor /static, the admin renders without styles and scripts: route /static there
 * (or to whatever serves the collected files).
 */
export function ingressStatic(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'ingress-static';
  return indexOf(objects).namespaces.flatMap((ns) => {
    const paths = ns.of('Ingress').flatMap((ing) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (ing.body.spec?.rules ?? []).flatMap((r: any, ri: number) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (r.http?.paths ?? []).map((p: any, pi: number) => ({
          ing,
          host: r.host as string | undefined,
          path: String(p.path ?? '/'),
          service: p.backend?.service?.name as string | undefined,
          field: `spec.rules[${ri}].http.paths[${pi}]`,
        })),
      ),
    );
    const routed = (host: string | undefined, path: string) => paths.some((p) => p.host === host && (p.path === path || p.path === `${path}/`));
    return paths
      .filter((p) => /^\/admin\/?$/.test(p.path) && !routed(p.host, '/static') && !paths.some((q) => q.host === p.host && q.service === p.service && q.path === '/'))
      .map((p) =>
        finding(
          p.ing,
          `${p.field}.path`,
          `${p.host ?? '*'}/admin goes to ${p.service}, but /static goes elsewhere: Django's admin loads its CSS and JavaScript from /static; route /static to ${p.service} (or to what serves the collected files)`,
          rule,
        ),
      );
  });
}

/** The keys a Secret of the namespace will have: its own, or its ExternalSecret's (`*`: an env file, any key). */
function secretKeysIn(ns: NamespaceView, name: string): Set<string> | undefined {
  const plain = ns.get('Secret', name);
  if (plain) return new Set(Object.keys({ ...plain.body.data, ...plain.body.stringData }));
  const external = ns.of('ExternalSecret').find((o) => (o.body.spec?.target?.name ?? o.name) === name);
  if (!external) return undefined;
  if ((external.body.spec?.dataFrom ?? []).length > 0) return new Set(['*']);
  return new Set((external.body.spec?.data ?? []).map((d: { secretKey: string }) => d.secretKey));
}

const octal = (mode: number) => `0${mode.toString(8)}`;

/**
 * [secret-files] A key of a Secret mounted as a file (compose `secrets`) is there and readable. A subPath the
 * volume does not project is no file: the container cannot start. The kubelet writes the files as root; with
 * an fsGroup it gives that group read access whatever the mode (kubernetes#57923), without one a non-root UID
 * reads them only through the mode's group or other bits.
 */
export function secretFiles(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'secret-files';
  return indexOf(objects).namespaces.flatMap((ns) =>
    ns.workloads.flatMap((pod) => {
      const volumes = new Map((pod.spec.volumes ?? []).filter((v) => v.secret).map((v) => [v.name, v.secret!]));
      if (volumes.size === 0) return [];
      const podContext = pod.spec.securityContext ?? {};
      return containersOfPod(pod).flatMap(({ path, container }) =>
        (container.volumeMounts ?? []).flatMap((m, i): Finding[] => {
          const secret = volumes.get(m.name);
          if (!secret) return [];
          const at = `${path}.volumeMounts[${i}]`;
          const items = secret.items ?? [];
          if (m.subPath !== undefined) {
            const keys = items.length > 0 ? undefined : secretKeysIn(ns, secret.secretName ?? '');
            const projected = items.length > 0 ? items.map((it) => it.path) : keys && !keys.has('*') ? [...keys] : undefined;
            if (projected && !projected.some((p) => p === m.subPath || p.startsWith(`${m.subPath}/`))) {
              const what = `${items.length > 0 ? 'projects only' : 'gets only the keys'} ${projected.join(', ') || 'nothing'}`;
              return [
                finding(
                  pod.owner,
                  `${at}.subPath`,
                  `${m.subPath} is no file of Secret ${secret.secretName}, whose volume ${m.name} ${what}: the container cannot start; mount one of them`,
                  rule,
                ),
              ];
            }
          }
          const uid = container.securityContext?.runAsUser ?? podContext.runAsUser;
          if (uid === undefined || uid === 0 || podContext.fsGroup !== undefined) return [];
          const item = items.find((it) => it.path === m.subPath);
          const mode = item?.mode ?? secret.defaultMode ?? 0o644;
          const gid = container.securityContext?.runAsGroup ?? podContext.runAsGroup;
          const rootGroup = gid === 0 || (podContext.supplementalGroups ?? []).includes(0);
          const readable = (mode & 0o004) !== 0 || ((rootGroup || gid === undefined) && (mode & 0o040) !== 0);
          if (readable) return [];
          return [
            finding(
              pod.owner,
              at,
              `the files of Secret ${secret.secretName} at ${m.mountPath} are mode ${octal(mode)} and owned by root, and the pod has no fsGroup: UID ${uid} cannot read them; set securityContext.fsGroup (the kubelet gives that group read access) or a mode readable by others (0444)`,
              rule,
            ),
          ];
        }),
      );
    }),
  );
}
