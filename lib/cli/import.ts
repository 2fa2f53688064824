import * as fs from 'fs';
import * as path from 'path';
import { commandArgs } from './args';
import { cluster } from '../../charts/platform';
import { readCompose } from '../compose/read';
import { ComposeError } from '../compose/types';
import { draftSystem } from '../model/assumed';
import { InvalidSystemError } from '../model/problems';
import { resolveSystem } from '../model/resolve';
import type { System } from '../model/types';
import { emitChart } from '../import/emit';
import { ImportError, importProject, type ImportedChart } from '../import/project';
import { registerChart } from '../import/register';
import { releaseFilePath, withReleases, writeReleaseFile } from '../releases/file';

const USAGE = `usage: berth import -f compose.yaml [-f override.yaml] --name <system>
  [--env-file .env] [--set VAR=value] [--profile p] [--env dev --env prod]
  [--image-template registry.example.com/{system}/{service}:0.1.0] [--force]

Writes charts/<system>.ts and registers it in charts/index.ts; npm run synth then writes dist/<system>/<env>/.`;

const ROOT = path.join(__dirname, '..', '..');

/** The chart as a System, with the platform's settings for each environment, as the written chart will be. */
export function chartSystem(chart: ImportedChart): System {
  const platform = cluster as Record<string, (typeof cluster)[keyof typeof cluster]>;
  const environments = Object.fromEntries(
    Object.entries(chart.environments).map(([env, e]) => [env, { ...platform[env], ...(Object.keys(e.externals).length > 0 ? { externals: e.externals } : {}) }]),
  );
  return withReleases([draftSystem({ ...chart.system, environments } as never)], new Map([[chart.id, chart.release]]))[0];
}

const IMPORT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  name: { type: 'string' },
  'env-file': { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  'image-template': { type: 'string' },
  force: { type: 'boolean' },
} as const;

export async function run(argv: readonly string[]): Promise<number> {
  const parsed = commandArgs('import', USAGE, argv, IMPORT_OPTIONS, false);
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const problems: string[] = [];
  if (!args.file?.length) problems.push('-f: name at least one compose file');
  if (args.name === undefined) problems.push('--name: name the system (lowercase, e.g. --name shop)');
  const environments = args.env ?? ['dev'];
  for (const env of environments)
    if (!(env in cluster)) problems.push(`--env ${env}: charts/platform.ts has no cluster settings for it (known: ${Object.keys(cluster).join(', ')})`);
  const set = Object.fromEntries((args.set ?? []).map((s) => [s.slice(0, s.indexOf('=') < 0 ? s.length : s.indexOf('=')), s.includes('=') ? s.slice(s.indexOf('=') + 1) : '']));
  if (problems.length > 0) return fail(problems);
  const chartFile = path.join(ROOT, 'charts', `${args.name}.ts`);
  if (fs.existsSync(chartFile) && !args.force) return fail([`charts/${args.name}.ts exists; give --force to replace it`]);
  if (fs.existsSync(releaseFilePath(path.join(ROOT, 'releases'), args.name!)) && !args.force) return fail([`releases/${args.name}.yaml exists; give --force to replace it`]);
  try {
    const project = readCompose({ files: args.file!, envFiles: args['env-file'], set, profiles: args.profile });
    const chart = importProject(project, { name: args.name!, environments, imageTemplate: args['image-template'] });
    const system = chartSystem(chart);
    for (const env of environments) resolveSystem(system, env); // every model problem before anything is written
    // Where the compose files are, as the user named them (inside the project, relative to it).
    const sources = args.file!.map((f) => (path.relative(ROOT, path.resolve(f)).startsWith('..') ? f : path.relative(ROOT, path.resolve(f))));
    await writeChart(chartFile, emitChart(chart, sources));
    if (Object.keys(chart.release).length > 0) writeReleaseFile(path.join(ROOT, 'releases'), chart.id, chart.release);
    const index = path.join(ROOT, 'charts', 'index.ts');
    fs.writeFileSync(index, registerChart(fs.readFileSync(index, 'utf8'), chart.id, chart.exportName));
    report(chart, system);
    return 0;
  } catch (err) {
    if (err instanceof ComposeError) return fail(err.problems.map((p) => err.message.split('\n')[err.problems.indexOf(p)]));
    if (err instanceof ImportError) return fail(err.problems.map((p) => `${p.path}: ${p.message}`));
    if (err instanceof InvalidSystemError)
      return fail(
        err.message
          .split('\n')
          .slice(1)
          .map((l) => l.trim()),
      );
    throw err;
  }
}

async function writeChart(file: string, source: string): Promise<void> {
  let formatted = source;
  try {
    // prettier is a development dependency: with it, the chart has the project's formatting.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prettier = require('prettier') as typeof import('prettier');
    formatted = await prettier.format(source, { ...(await prettier.resolveConfig(file)), filepath: file });
  } catch {
    // without it, the chart is still valid TypeScript
  }
  fs.writeFileSync(file, formatted);
}

function report(chart: ImportedChart, system: System): void {
  for (const w of chart.warnings) console.error(`warning: ${w.path}: ${w.message}`);
  console.log(`wrote charts/${chart.id}.ts and registered it in charts/index.ts`);
  const decisions = system.assumptions ?? [];
  console.log(`\n${decisions.length} decision${decisions.length === 1 ? '' : 's'} left (each is assumed(…) in the chart; production refuses them until decided):`);
  for (const a of decisions) console.log(`  ${a.path}: ${JSON.stringify(a.value)} (${a.because})`);
  if (chart.storeKeys.length > 0) {
    console.log(`\nthe secret store must hold (per environment):`);
    for (const k of chart.storeKeys) console.log(`  ${k}`);
  }
  for (const keys of chart.equalKeys) console.log(`  keep equal (compose gives them one value): ${keys.join(', ')}`);
  console.log('\nnext: npm run synth && npm run validate');
}

function fail(problems: readonly string[]): number {
  console.error(`berth import: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written`);
  for (const p of problems) console.error(`  ${p}`);
  return 1;
}
