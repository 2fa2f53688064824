import { isPinnedImage } from '../model/validate';
import type { LoadedObject } from '../validate/manifests';
import { containersOf, podTemplateOf } from '../validate/pods';
import type { DirectoryDiff } from './compare';
import type { Risk } from './risks';
import { enforcementLoosened, RESTRICTED_LABELS, RESTRICTED_TEMPLATE, securityLoosenings } from './security';

/**
 * The risks of a directory's workloads and namespaces: images changed or not pinned, and security loosened.
 * A workload is known by its component (`app.kubernetes.io/name`), so a Job named after its spec hash, or a
 * workload deleted in one namespace and created in another (a service given host access moves to
 * `<namespace>-host`), is the same workload: it is held against what it was. A workload or namespace with no
 * predecessor is held against the restricted baseline berth writes every pod to.
 */

const NAME_LABEL = 'app.kubernetes.io/name';
const PRIVILEGED_BECAUSE = 'policy.berth.dev/privileged-because';

const label = (o: LoadedObject) => `${o.kind} ${o.name}`;
const component = (o: LoadedObject) => o.body.metadata?.labels?.[NAME_LABEL] ?? o.name;

/** A workload after the change, and the one it replaces (absent: a new workload). */
export interface WorkloadPair {
  readonly base?: LoadedObject;
  readonly head: LoadedObject;
}

/**
 * Each workload of `head` with its predecessor in `base`: the same kind, namespace and component, else (a move)
 * a workload of that component that `head` no longer has, of the same kind first.
 */
export function pairWorkloads(base: readonly LoadedObject[], head: readonly LoadedObject[]): WorkloadPair[] {
  const key = (o: LoadedObject) => `${o.kind}/${o.namespace ?? ''}/${component(o)}`;
  const workloads = (objects: readonly LoadedObject[]) => new Map(objects.filter((o) => podTemplateOf(o)).map((o) => [key(o), o]));
  const [before, after] = [workloads(base), workloads(head)];
  const left = [...before.entries()].filter(([k]) => !after.has(k)).map(([, o]) => o);
  const pairs: WorkloadPair[] = [];
  for (const [k, o] of after) {
    let predecessor = before.get(k);
    if (!predecessor) {
      const candidates = left.filter((b) => component(b) === component(o));
      predecessor = candidates.find((b) => b.kind === o.kind) ?? candidates[0];
      if (predecessor) left.splice(left.indexOf(predecessor), 1);
    }
    pairs.push({ base: predecessor, head: o });
  }
  return pairs;
}

/**
 * A tag that names a line of releases rather than one: no digest and a tag with no digit (`stable`, `alpine`)
 * or one or two version numbers (`v1`, `7.2-alpine`): the registry moves it to each new release, so nodes
 * pull different images. Undefined for a digest or a full version (`7.2.16-alpine`, `RELEASE.2025-09-07T…`).
 */
export function floatingTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon < 0) return undefined;
  const tag = last.slice(colon + 1);
  return !/\d/.test(tag) || /^v?\d{1,4}(\.\d{1,4})?([-_][A-Za-z][\w.-]*)?$/.test(tag) ? tag : undefined;
}

function imageRisks(dir: string, pair: WorkloadPair): Risk[] {
  const images = (o: LoadedObject | undefined) =>
    new Map(o ? containersOf(podTemplateOf(o)!.template.spec, '').map((c) => [c.container.name, c.container.image ?? ''] as const) : []);
  const [was, is] = [images(pair.base), images(pair.head)];
  const at = { dir, object: label(pair.head) };
  const found: Risk[] = [];
  for (const [container, image] of is) {
    const old = was.get(container);
    if (old === image) continue; // an image already committed is not this change's doing
    const floating = floatingTag(image);
    if (!isPinnedImage(image))
      found.push({ risk: 'image-unpinned', ...at, message: `container ${container}: ${image} names no tag or digest (or latest): each node may run a different image` });
    else if (floating !== undefined)
      found.push({
        risk: 'image-unpinned',
        ...at,
        message: `container ${container}: ${image} has a floating tag (${floating}), which moves to each new release: pin the full version or a digest`,
      });
    if (old !== undefined) found.push({ risk: 'image-changed', ...at, message: `container ${container}: ${old} → ${image}` });
  }
  return found;
}

function securityRisks(dir: string, pair: WorkloadPair): Risk[] {
  const { base, head } = pair;
  const template = podTemplateOf(head)!.template;
  const moved = base && base.namespace !== head.namespace ? `moved from namespace ${base.namespace} to ${head.namespace}: ` : '';
  const context = base ? moved : `new ${head.kind}, looser than the restricted baseline: `;
  return securityLoosenings(base ? podTemplateOf(base)!.template : RESTRICTED_TEMPLATE, template).map((loosened): Risk => ({
    risk: 'security-loosened',
    dir,
    object: label(head),
    message: `${context}${loosened}`,
  }));
}

/** Namespaces whose Pod Security enforcement is looser than before, or (new ones) than restricted. */
function namespaceSecurityRisks(diff: DirectoryDiff): Risk[] {
  const because = (o: LoadedObject) => {
    const reason = o.body.metadata?.annotations?.[PRIVILEGED_BECAUSE];
    return reason ? ` (${PRIVILEGED_BECAUSE}: ${reason})` : '';
  };
  const changed = diff.changed
    .filter((c) => c.head!.kind === 'Namespace')
    .flatMap((c) => {
      const loosened = enforcementLoosened(c.base!.body.metadata?.labels, c.head!.body.metadata?.labels);
      return loosened ? [{ o: c.head!, message: `${loosened}${because(c.head!)}` }] : [];
    });
  const added = diff.added
    .map((c) => c.head!)
    .filter((o) => o.kind === 'Namespace')
    .flatMap((o) => {
      const loosened = enforcementLoosened(RESTRICTED_LABELS, o.body.metadata?.labels);
      return loosened ? [{ o, message: `new namespace, looser than the restricted baseline: ${loosened}${because(o)}` }] : [];
    });
  return [...changed, ...added].map(({ o, message }): Risk => ({ risk: 'security-loosened', dir: diff.dir, object: label(o), message }));
}

export function workloadRisks(diff: DirectoryDiff): Risk[] {
  const pairs = pairWorkloads(diff.baseObjects, diff.headObjects);
  return [...pairs.flatMap((p) => [...imageRisks(diff.dir, p), ...securityRisks(diff.dir, p)]), ...namespaceSecurityRisks(diff)];
}
