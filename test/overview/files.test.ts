import { delivery, systems } from '../../charts';
import { OUTPUT, instanceName, systemDir } from '../../lib/model/names';
import { MAX_DIAGRAM_SERVICES, OVERVIEW } from '../../lib/overview/overview';
import { renderDiagrams } from '../../lib/overview/render';
import { synthesize } from '../../lib/synthesize';
import { generatedSystem } from '../../bench/generated-system';
import { system } from '../fixtures';
import { findObject, synthObjects } from '../helpers';

/** Argo CD's repo server reads only files whose name matches this (reposerver/repository: manifestFile), include/exclude come after. */
const ARGO_CD_MANIFEST_FILE = /^.*\.(yaml|yml|json|jsonnet)$/;

describe('the overview files of each output directory', () => {
  const { files, diagrams } = synthesize([system()], delivery);

  test('OVERVIEW.md and the diagram source of a small system (snapshot)', () => {
    expect(files.find((f) => f.path === `demo/dev/${OVERVIEW.markdown}`)!.content).toMatchSnapshot();
    expect(diagrams).toEqual([{ path: `demo/dev/${OVERVIEW.svg}`, dot: expect.any(String) }]);
    expect(diagrams[0].dot).toMatchSnapshot();
  });

  test('Argo CD applies none of them: no Application includes them, and its directory source reads only manifests', () => {
    const all = synthesize(systems, delivery).files;
    const overviews = all.filter((f) => !f.path.endsWith('.yaml')).map((f) => f.path.split('/').pop());
    expect(new Set(overviews)).toEqual(new Set([OVERVIEW.markdown]));
    for (const name of [OVERVIEW.markdown, OVERVIEW.svg]) expect(name).not.toMatch(ARGO_CD_MANIFEST_FILE);
    const apps = synthObjects().filter((o) => o.kind === 'Application' && o.spec.source.path.startsWith(`${OUTPUT.repoRoot}/`));
    for (const s of systems) {
      for (const env of Object.keys(s.environments)) {
        const app = findObject(apps, 'Application', instanceName(s.id, env));
        expect(app.spec.source.path).toBe(`${OUTPUT.repoRoot}/${systemDir(s.id, env)}`);
        // A directory source: its include/exclude globs only narrow the files that match the manifest pattern.
        // A Helm, Kustomize or plugin source would read the directory another way.
        expect([app.spec.source.helm, app.spec.source.kustomize, app.spec.source.plugin, app.spec.source.chart]).toEqual([undefined, undefined, undefined, undefined]);
      }
    }
  });

  test('a system too large to draw gets its tables and says why it has no graphs', () => {
    const large = generatedSystem(MAX_DIAGRAM_SERVICES);
    const count = Object.keys(large.services).length;
    expect(count).toBeGreaterThan(MAX_DIAGRAM_SERVICES);
    const out = synthesize([large], delivery);
    const md = out.files.find((f) => f.path.endsWith(OVERVIEW.markdown))!.content;
    expect(out.diagrams).toEqual([]);
    expect(md).toContain(`No graphs: ${count} services are more than ${MAX_DIAGRAM_SERVICES}`);
    expect(md).not.toContain('```mermaid');
    expect(md).toContain('## Services');
  });

  test('an SVG rendered from the same source is kept as it is; any other is rendered again', async () => {
    const [fresh] = await renderDiagrams(diagrams);
    const kept = await renderDiagrams(diagrams, () => `${fresh.content}<!-- kept -->`);
    expect(kept[0].content).toBe(`${fresh.content}<!-- kept -->`);
    const changed = await renderDiagrams([{ ...diagrams[0], dot: diagrams[0].dot.replace('demo / dev', 'demo / changed') }], () => fresh.content);
    expect(changed[0].content).toContain('demo / changed');
    expect((await renderDiagrams(diagrams, () => fresh.content.replace(/sha256:[0-9a-f]+/, 'sha256:0')))[0].content).toBe(fresh.content);
  });
});
