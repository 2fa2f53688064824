import { commandArgs } from './args';
import { RELEASES_DIR, charts, delivery, systems } from '../../charts';
import { checkRelease, recordRelease } from '../releases/commands';

const USAGE = `usage: berth release <system> <env> <service>=<ref> [...] [--out DIR]
       berth release --check <system> <env>

Records the image CI built for each service in releases/<system>.yaml, then synthesizes dist/ (or DIR).
<ref> is a tag (2.0.1), a tag and digest (2.0.1@sha256:…), or the full reference CI pushed
(registry.example.com/team/backend:2.0.1@sha256:…); a service names every service that runs its image.
Rejected, with nothing written: malformed or unpinned references (latest, no tag), unknown services, and
placeholder registries in a production environment. A production environment syncs by itself only once every
image is released with its digest: a tag alone is recorded, and the environment stays synced by hand.

--check exits 1 while any image <env> runs keeps it from syncing by itself (a placeholder registry, a tag
marked not documented, in production a tag without its digest), listing each with the command that fixes it:
a gate before enabling prod.`;

/** `berth release`: see USAGE. Returns the exit code. */
export function run(argv: readonly string[]): number | Promise<number> {
  const parsed = commandArgs('release', USAGE, argv, { check: { type: 'boolean' }, out: { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [system, env, ...assignments] = positionals;
  const wanted = values.check ? positionals.length === 2 : positionals.length >= 3;
  if (!wanted || system === undefined || env === undefined) {
    console.error(`berth release: ${values.check ? 'give the system and the environment' : 'give the system, the environment and at least one <service>=<ref>'}\n\n${USAGE}`);
    return 2;
  }
  const ctx = { charts, releasesDir: RELEASES_DIR, delivery, outdir: values.out ?? process.env.CDK8S_OUTDIR ?? 'dist', log: console };
  return values.check ? checkRelease(ctx, systems, system, env) : recordRelease(ctx, system, env, assignments);
}
