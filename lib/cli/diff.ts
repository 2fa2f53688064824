import * as path from 'path';
import { commandArgs } from './args';
import type { DeliverySettings } from '../constructs/delivery';
import { compareTrees } from '../diff/compare';
import { GitError, committedTree, resolveCommit } from '../diff/git';
import { formatReport, formatStale } from '../diff/report';
import { risksOf } from '../diff/risks';
import { staleFiles } from '../diff/stale';
import { OUTPUT } from '../model/names';
import { InputError } from '../model/problems';
import type { System } from '../model/types';
import { InvalidDescriptionError, synthesize } from '../synthesize';

const USAGE = `usage: berth diff [--base <git-ref>] [--allow]

Compares dist/ as committed at <git-ref> (default HEAD) with what the charts synthesize now, per system and
environment: objects added, removed and changed, with the changed fields. First come the changes that need a
human (data loss, removed namespaces, lost protection, immutable fields, loosened security, new network paths,
changed or unpinned images); berth diff exits 1 on any of them unless --allow accepts them. With a base other
than HEAD, dist/ as committed at HEAD (what Argo CD applies) must be what the charts synthesize: if it is not,
that comes first and berth diff exits 1, --allow or not. Exit 2: a git, usage or input error (an invalid chart
or releases file). Reads git only.`;

export interface DiffOptions {
  readonly base: string;
  readonly allow: boolean;
  /** Where the git repository and its `dist/` are. @default the working directory */
  readonly cwd?: string;
  readonly systems: readonly System[];
  readonly delivery: DeliverySettings;
  readonly log?: Pick<Console, 'log' | 'error'>;
}

/**
 * The comparison itself, for tests: exit 0 when nothing needs a human (or --allow), 1 when something does or
 * when dist/ at HEAD is not what the charts synthesize (checked when the base is another commit than HEAD;
 * against HEAD itself, that difference is the diff).
 */
export function runDiff(options: DiffOptions): number {
  const log = options.log ?? console;
  const cwd = options.cwd ?? process.cwd();
  const base = committedTree(options.base, OUTPUT.repoRoot, cwd);
  const synthesis = synthesize(options.systems, options.delivery);
  const stale = resolveCommit(options.base, cwd) === resolveCommit('HEAD', cwd) ? [] : staleFiles(committedTree('HEAD', OUTPUT.repoRoot, cwd), synthesis);
  const diffs = compareTrees(base, new Map(synthesis.files.map((f) => [f.path, f.content])));
  const risks = diffs.flatMap(risksOf);
  log.log([...formatStale(stale), formatReport(options.base, diffs, risks, options.allow)].join('\n'));
  return stale.length > 0 || (risks.length > 0 && !options.allow) ? 1 : 0;
}

/**
 * The charts with their releases, loaded only now: an invalid releases file is an input error of this
 * command (exit 2), not a failure to load it.
 */
function charts(): { systems: readonly System[]; delivery: DeliverySettings } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above; the hook emits CommonJS
  return require('../../charts');
}

/** `berth diff [--base <git-ref>] [--allow]`. */
export function run(argv: readonly string[]): number {
  const parsed = commandArgs('diff', USAGE, argv, { base: { type: 'string' }, allow: { type: 'boolean' } }, false);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  try {
    return runDiff({ base: values.base ?? 'HEAD', allow: values.allow ?? false, cwd: path.resolve('.'), ...charts() });
  } catch (err) {
    if (err instanceof GitError) console.error(`berth diff: ${err.message}`);
    else if (err instanceof InvalidDescriptionError || err instanceof InputError) console.error(err.message);
    else throw err;
    return 2;
  }
}
