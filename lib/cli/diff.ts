import * as path from 'path';
import { parseArgs } from 'util';
import { delivery as chartsDelivery, systems as chartSystems } from '../../charts';
import type { DeliverySettings } from '../constructs/delivery';
import { compareTrees } from '../diff/compare';
import { GitError, committedTree } from '../diff/git';
import { formatReport } from '../diff/report';
import { risksOf } from '../diff/risks';
import { OUTPUT } from '../model/names';
import type { System } from '../model/types';
import { InvalidDescriptionError, synthesize } from '../synthesize';

const USAGE = `usage: berth diff [--base <git-ref>] [--allow]

Compares dist/ as committed at <git-ref> (default HEAD) with what the charts synthesize now, per system and
environment: objects added, removed and changed, with the changed fields. First come the changes that need a
human (data loss, removed namespaces, lost protection, immutable fields, loosened security, new network paths,
changed or unpinned images); berth diff exits 1 on any of them unless --allow accepts them. Reads git only.`;

export interface DiffOptions {
  readonly base: string;
  readonly allow: boolean;
  /** Where the git repository and its `dist/` are. @default the working directory */
  readonly cwd?: string;
  /** @default the charts */
  readonly systems?: readonly System[];
  /** @default the charts' delivery settings */
  readonly delivery?: DeliverySettings;
  readonly log?: Pick<Console, 'log' | 'error'>;
}

/** The comparison itself, for tests: exit 0 when nothing needs a human (or --allow), 1 when something does. */
export function runDiff(options: DiffOptions): number {
  const log = options.log ?? console;
  const base = committedTree(options.base, OUTPUT.repoRoot, options.cwd ?? process.cwd());
  const head = new Map(synthesize(options.systems ?? chartSystems, options.delivery ?? chartsDelivery).files.map((f) => [f.path, f.content]));
  const diffs = compareTrees(base, head);
  const risks = diffs.flatMap(risksOf);
  log.log(formatReport(options.base, diffs, risks, options.allow));
  return risks.length > 0 && !options.allow ? 1 : 0;
}

/** `berth diff [--base <git-ref>] [--allow]`. */
export function run(argv: readonly string[]): number {
  let values: { base?: string; allow?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { base: { type: 'string' }, allow: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`berth diff: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    return runDiff({ base: values.base ?? 'HEAD', allow: values.allow ?? false, cwd: path.resolve('.') });
  } catch (err) {
    if (err instanceof GitError) console.error(`berth diff: ${err.message}`);
    else if (err instanceof InvalidDescriptionError) console.error(err.message);
    else throw err;
    return 2;
  }
}
