import { chartSystem } from '../../lib/cli/import';
import { emitChart } from '../../lib/import/emit';
import { withReleases } from '../../lib/releases/file';
import { CORPUS, corpusFiles, runCorpusFile, type Outcome } from './corpus';
import { evaluateChart, typeCheckCharts } from './emitted';

/**
 * Every real compose file of the corpus (../shared/corpus/compose: awesome-compose, kompose's fixtures,
 * compose-spec's examples and 15 large stacks) either imports, synthesizes and passes every `npm run validate`
 * check with zero errors, or is rejected with a specific message. Nothing may throw anything else. The outcome
 * table is a snapshot: a change in what imports is a reviewed change.
 */
const files = corpusFiles();
const describeCorpus = files.length > 0 ? describe : describe.skip;
if (files.length === 0) console.warn(`corpus tests skipped: ${CORPUS} is absent (it is in ../shared on the development machines)`);

describeCorpus('importing the compose corpus', () => {
  const outcomes: Outcome[] = files.map(runCorpusFile);

  test.each(outcomes.filter((o) => o.outcome === 'imported').map((o) => [o.file, o] as const))('%s imports and passes validate with zero errors', (_file, o) => {
    expect(o.errors).toEqual([]);
  });

  test('a rejection names the compose path and what to do', () => {
    for (const o of outcomes.filter((x) => x.outcome === 'rejected'))
      expect(o.detail).toMatch(/^(compose|import|chart): .*(services|volumes|networks|secrets|configs|x-|--)[^ ]*[:.]? .{20,}/);
  });

  test('the outcome table', () => {
    const table = outcomes.map((o) => `${o.outcome === 'imported' ? 'imported' : 'rejected'}  ${o.file}  ${o.detail}`).join('\n');
    const imported = outcomes.filter((o) => o.outcome === 'imported').length;
    expect(`${files.length} files: ${imported} imported, ${files.length - imported} rejected\n${table}`).toMatchSnapshot();
  });
});

describeCorpus('the charts the corpus imports to', () => {
  const imported = files
    .map(runCorpusFile)
    .filter((o) => o.chart !== undefined)
    .map((o) => ({ file: o.file, chart: o.chart!, source: emitChart(o.chart!, [o.file]) }));

  test('each emitted chart evaluates to the system berth validated', () => {
    for (const { chart, source, file } of imported) {
      // charts/index.ts adds the release file's tags to the chart: here, the importer's first release.
      const evaluated = withReleases([evaluateChart(source, chart.exportName)], new Map([[chart.id, chart.release]]))[0];
      expect(evaluated).toEqual({ ...chartSystem(chart), sources: [file] });
    }
  });

  test('the emitted charts type-check as charts/<id>.ts', () => {
    expect(typeCheckCharts(imported.map(({ chart, source }) => ({ id: chart.id, source })))).toEqual([]);
  }, 120_000);
});
