import type { Finding, LoadedObject } from './manifests';
import { requiredSecretEnv } from './images';
import { finding, indexOf } from './runtime-index';

/**
 * Rules about the settings a process needs at start: the env file its settings module loads, a key an image
 * cannot live without, and the assets a routed admin page loads.
 */

/**
 * [env-file-parity] Processes of one image load one settings module, and with it the same env files
 * (`envFrom` Secrets): a worker or dashboard started without the backend's .env crashes on import or runs with
 * defaults (an empty SECRET_KEY, no API keys).
 */
export function envFileParity(objects: readonly LoadedObject[]): Finding[] {
  const rule = 'env-file-parity';
  return indexOf(objects).namespaces.flatMap((ns) => {
    const main = ns.workloads.flatMap((pod) => (pod.spec.containers ?? []).map((container, i) => ({ pod, container, path: `${pod.path}.spec.containers[${i}]` })));
    const byImage = new Map<string, typeof main>();
    for (const c of main) byImage.set(c.container.image ?? '', [...(byImage.get(c.container.image ?? '') ?? []), c]);
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
