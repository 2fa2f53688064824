import type { ProblemList } from './problems';
import type { ResolvedService, ResolvedSidecar } from './resolved';

/** `-Xmx2g`, `-Xmx512m`, `-Xmx1048576k`: the JVM's largest heap, in MiB. */
const JAVA_HEAP = /-Xmx(\d+)([kKmMgG]?)\b/;
/** `--max-old-space-size=4096`: Node's old-generation heap, in MiB. */
const NODE_HEAP = /--max-old-space-size[= ](\d+)\b/;

export function heapMi(value: string): { mi: number; what: string } | undefined {
  const java = JAVA_HEAP.exec(value);
  if (java) {
    const n = Number(java[1]);
    const unit = java[2].toLowerCase();
    return { mi: unit === 'g' ? n * 1024 : unit === 'm' ? n : unit === 'k' ? n / 1024 : n / (1024 * 1024), what: java[0] };
  }
  const node = NODE_HEAP.exec(value);
  return node ? { mi: Number(node[1]), what: node[0] } : undefined;
}

/**
 * A JVM or Node heap at or above the container's memory limit: the process is OOM-killed as the heap fills,
 * before it ever reports running out of memory itself. The heap needs room beside it (metaspace, threads,
 * buffers), so it must stay below the limit.
 */
export function checkHeap(environment: string, svc: ResolvedService, problems: ProblemList): void {
  for (const c of [svc, ...svc.sidecars]) {
    const at = c === svc ? `services.${svc.composeName}` : `services.${svc.composeName}.sidecars.${(c as ResolvedSidecar).name}`;
    for (const e of c.env) {
      if (e.value.kind !== 'plain') continue;
      const heap = heapMi(e.value.value);
      if (heap === undefined || heap.mi < c.resources.memoryLimitMi) continue;
      problems.add(
        `${at}.env.${e.name}`,
        `${heap.what} is a ${Math.round(heap.mi)} MiB heap, but the memory limit in ${environment} is ${c.resources.memoryLimitMi} MiB; lower the heap or raise resources.memoryLimitMi (the heap needs about 25 % room beside it)`,
      );
    }
  }
}
