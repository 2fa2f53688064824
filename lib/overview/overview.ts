import type { ApiObject } from 'cdk8s';
import { manifestJson } from '../manifest-json';
import type { ResolvedSystem } from '../model/resolve';
import type { Manifest, ManifestFile } from '../output';
import type { LoadedObject } from '../validate/manifests';
import { WORKLOAD_KINDS } from '../validate/pods';
import { diagramDot } from './diagram';
import { overviewMarkdown } from './markdown';
import type { Diagram } from './render';

/** The overview files of one output directory. */
export const OVERVIEW = { markdown: 'OVERVIEW.md', svg: 'OVERVIEW.svg' } as const;

/**
 * Larger systems get their tables but no graphs: Graphviz lays out hundreds of nodes slowly, Git hosts refuse
 * Mermaid graphs with more than 500 edges, and nobody reads either.
 */
export const MAX_DIAGRAM_SERVICES = 80;

/** The kinds the diagram reads: who is selected, who selects, and what routes lead where. */
const DRAWN_KINDS = new Set(['NetworkPolicy', 'Namespace', 'Service', 'Ingress', ...WORKLOAD_KINDS]);

/**
 * The overview of one system in one environment, built beside its manifests: `observe` sees each object as it
 * is rendered (and keeps what the diagram needs), `files` then gives OVERVIEW.md and the diagram to render.
 */
export class Overview {
  private readonly objects: LoadedObject[] = [];
  private readonly drawn: boolean;

  constructor(
    private readonly system: ResolvedSystem,
    private readonly dir: string,
  ) {
    this.drawn = system.services.length <= MAX_DIAGRAM_SERVICES;
  }

  /** Keeps an emitted object the diagram reads (its wire format, as in dist/). */
  readonly observe = (manifest: Manifest, object: ApiObject): void => {
    if (!this.drawn || !DRAWN_KINDS.has(manifest.kind)) return;
    const { apiVersion, kind, metadata } = manifest;
    this.objects.push({ file: `${this.dir}/${metadata.name}.yaml`, apiVersion, kind, name: metadata.name, namespace: metadata.namespace, body: manifestJson(object) });
  };

  /** OVERVIEW.md now, and the diagram's source for OVERVIEW.svg (rendered later, once for every system). */
  files(): { markdown: ManifestFile; diagram?: Diagram } {
    const svg = `${this.dir}/${OVERVIEW.svg}`;
    const markdown = {
      path: `${this.dir}/${OVERVIEW.markdown}`,
      content: overviewMarkdown(
        this.system,
        this.drawn ? { file: OVERVIEW.svg } : { omitted: `No graphs: ${this.system.services.length} services are more than ${MAX_DIAGRAM_SERVICES} can show legibly.` },
      ),
    };
    return { markdown, diagram: this.drawn ? { path: svg, dot: diagramDot(this.system, this.objects) } : undefined };
  }
}
