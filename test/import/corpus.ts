import * as fs from 'fs';
import * as path from 'path';
import { delivery } from '../../charts';
import { chartSystem } from '../../lib/cli/import';
import { readCompose } from '../../lib/compose/read';
import { ComposeError } from '../../lib/compose/types';
import { ImportError, type ImportedChart, importProject } from '../../lib/import/project';
import { InvalidSystemError } from '../../lib/model/problems';
import { InvalidDescriptionError, synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { SchemaValidator } from '../../lib/validate/schema';

/** The corpus of real compose files by others (../shared); tests skip, saying so, where it is absent. */
export const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'compose');

/** A compose file of the corpus, with the extra files its stack keeps beside it. */
export interface CorpusFile {
  /** Path under the corpus directory. */
  readonly file: string;
  readonly name: string;
}

/** Every compose file the corpus manifests list (the small files, then the large stacks). */
export function corpusFiles(): CorpusFile[] {
  if (!fs.existsSync(CORPUS)) return [];
  const small = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { files: { local: string }[] };
  const stacksDir = path.join(CORPUS, 'stacks');
  const stacks = fs
    .readdirSync(stacksDir)
    .filter((d) => fs.existsSync(path.join(stacksDir, d, 'compose.yaml')))
    .map((d) => `stacks/${d}/compose.yaml`);
  return [...small.files.map((f) => f.local), ...stacks].sort().map((file) => ({ file, name: systemName(file) }));
}

function systemName(file: string): string {
  const base = file
    .replace(/\/compose\.ya?ml$|\.ya?ml$/, '')
    .split('/')
    .slice(-1)[0];
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (/^[a-z]/.test(id) ? id : `s-${id}`).slice(0, 40).replace(/-+$/, '');
}

/** What happened to one file: imported and valid, or rejected with the first problem. */
export interface Outcome {
  readonly file: string;
  readonly outcome: 'imported' | 'rejected';
  /** Imported: services, warnings, decisions; rejected: the stage and first message. */
  readonly detail: string;
  /** Imported files only: validate's errors (must be none). */
  readonly errors: readonly string[];
  /** Imported files only: the chart. */
  readonly chart?: ImportedChart;
}

/** One validator for the whole corpus: compiling the Kubernetes schema is the slow part. */
const schema = new SchemaValidator();

export const IMAGE_TEMPLATE = 'registry.example.com/{system}/{service}:0.1.0';

/** Import, synthesize and validate one corpus file, in memory. Any exception other than a rejection escapes. */
export function runCorpusFile(f: CorpusFile): Outcome {
  const reject = (stage: string, message: string): Outcome => ({ file: f.file, outcome: 'rejected', detail: `${stage}: ${message.split('\n')[0]}`, errors: [] });
  let chart;
  try {
    const project = readCompose({ files: [path.join(CORPUS, f.file)] });
    chart = importProject(project, { name: f.name, imageTemplate: IMAGE_TEMPLATE });
  } catch (err) {
    if (err instanceof ComposeError) return reject('compose', err.message.split(CORPUS + path.sep).join(''));
    if (err instanceof ImportError) return reject('import', err.message);
    throw err;
  }
  let files;
  try {
    files = synthesize([chartSystem(chart)], delivery).files;
  } catch (err) {
    if (err instanceof InvalidDescriptionError || err instanceof InvalidSystemError) return reject('chart', err.message.split('\n').slice(1).join(' ').trim());
    throw err;
  }
  const errors = validateFiles(files, schema).filter(isError).map(formatFinding);
  const decisions = chartSystem(chart).assumptions?.length ?? 0;
  const services = Object.keys(chart.system.services as object).length;
  const sidecars = Object.keys(chart.sidecarOf).length;
  const pods = sidecars > 0 ? ` (and ${sidecars} sidecar${sidecars === 1 ? '' : 's'} in their pods)` : '';
  return { file: f.file, outcome: 'imported', detail: `${services} services${pods}, ${chart.warnings.length} warnings, ${decisions} decisions`, errors, chart };
}
