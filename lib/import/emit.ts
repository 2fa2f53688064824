import { Assumed } from '../model/assumed';
import type { ImportedChart } from './project';

/**
 * The TypeScript source of an imported chart, in the style of the hand-written ones: the system as data, every
 * guess visible as `assumed(value, 'why')`, and what compose said that the chart does not carry as comments
 * above the service. Run it through prettier afterwards (the CLI does) for the project's formatting.
 */
export function emitChart(chart: ImportedChart, sources: readonly string[]): string {
  const notes = notesByService(chart);
  const envs = Object.entries(chart.environments)
    .map(([env, e]) => `${key(env)}: ${Object.keys(e.externals).length > 0 ? `{ ...cluster.${env}, externals: ${value(e.externals, 2)} }` : `cluster.${env}`}`)
    .join(', ');
  const body = { ...chart.system, sources };
  const lines = [
    `import { assumed, draftSystem } from '../lib/model/assumed';`,
    `import type { System } from '../lib/model/types';`,
    `import { cluster } from './platform';`,
    '',
    '/**',
    ` * ${chart.system.description as string}.`,
    ' * Written by `berth import`; every `assumed(…)` is a value compose does not say. Synth warns about each one and',
    ' * refuses them in production: confirm or change each value and remove `assumed(…)` around it.',
    ' */',
    `export const ${chart.exportName}: System = draftSystem({`,
    ...Object.entries(body).map(([k, v]) => `  ${key(k)}: ${k === 'services' ? services(v as unknown as Record<string, unknown>, notes) : value(v, 1)},`),
    `  environments: { ${envs} },`,
    '});',
    '',
  ];
  return lines.join('\n');
}

function notesByService(chart: ImportedChart): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  for (const w of chart.warnings) {
    const m = /^services\.([^.[]+)/.exec(w.path);
    // A sidecar's notes go above the service whose pod it runs in.
    const service = m === null ? '' : (chart.sidecarOf[m[1]] ?? m[1]);
    notes.set(service, [...(notes.get(service) ?? []), `${w.path}: ${w.message}`]);
  }
  return notes;
}

function services(svcs: Record<string, unknown>, notes: Map<string, string[]>): string {
  const entries = Object.entries(svcs).map(([name, svc]) => {
    const comments = (notes.get(name) ?? []).map((n) => `    // ${n.replace(/\n/g, ' ')}`);
    return [...comments, `    ${key(name)}: ${value(svc, 2)},`].join('\n');
  });
  return `{\n${entries.join('\n')}\n  }`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : quote(k);
}

function quote(s: string): string {
  return `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** Multi-line text (a configuration file) as a template literal, so the chart shows it as it is. */
function text(s: string): string {
  if (!s.includes('\n')) return quote(s);
  return `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r')}\``;
}

function value(v: unknown, depth: number): string {
  if (v instanceof Assumed) return `assumed(${value(v.value, depth)}, ${quote(v.because)})`;
  if (typeof v === 'string') return text(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v === undefined) return 'undefined';
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => `${pad}${value(x, depth + 1)},`).join('\n')}\n${end}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, x]) => `${pad}${key(k)}: ${value(x, depth + 1)},`).join('\n')}\n${end}}`;
}
