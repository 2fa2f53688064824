#!/usr/bin/env node
// Rewrites the generated imports/*.ts so that their toJson_* mappers run in linear time; the last step of
// `npm run import`.
//
// cdk8s-cli's generator drops undefined values with
//   Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
// which copies the growing object once per key: quadratic in the number of keys, for every object of every
// manifest. A PodSpec or Container has dozens of keys, so this one idiom was a fifth of synthesis time at
// 10,000 services, and most of its garbage. The rewrite keeps what it computes (own keys in the same order,
// undefined values dropped, each value mapped the same way) with one pass.
'use strict';
const fs = require('fs');
const path = require('path');

const QUADRATIC = /Object\.entries\(([\w.]+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (i\[1\](?:\?\.value)?) \}\), \{\}\)/g;

/**
 * Each mapper then builds an object with every key its type has (a PodSpec has forty, most undefined) and
 * filters it as above. Rewritten, it sets only the keys whose value is defined, in the same order: no object
 * of undefineds, no list of entries, and objects of one type share their shape.
 */
const FILTERED_RESULT =
  /  const result = \{\n((?:    '[^']+': .*,\n)*)  \};\n  \/\/ filter undefined values\n  return Object\.fromEntries\(Object\.entries\(result\)\.filter\(\(i\) => i\[1\] !== undefined\)\);/g;
const RESULT_KEY = /^    '([^']+)': (.*),$/;

/** The same objects, each built in one pass, without copies. */
function linear(source) {
  return source
    .replace(QUADRATIC, (_, object, value) =>
      // `Object.fromEntries` defines own keys in order, as the spread did.
      value === 'i[1]'
        ? `Object.fromEntries(Object.entries(${object}).filter((i) => i[1] !== undefined))`
        : `Object.fromEntries(Object.entries(${object}).filter((i) => i[1] !== undefined).map((i) => [i[0], ${value}]))`,
    )
    .replace(FILTERED_RESULT, (_, lines) => {
      const sets = lines
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => {
          const [, key, value] = RESULT_KEY.exec(line);
          return `  if ((value = ${value}) !== undefined) result['${key}'] = value;\n`;
        });
      return `  const result: Record<string, any> = {};\n  let value: any;\n${sets.join('')}  return result;`;
    });
}

/**
 * What each rewritten mapper does, as data, for lib/manifest-yaml.ts, which writes YAML straight from an
 * object's props: per type, its fields in the order of their wire names (the order YAML sorts them in), each
 * with the prop it reads and how the mapper maps it. The mappers use exactly these forms; any other line
 * is an error here, so a new generator version cannot change the meaning silently.
 */
const FORMS = [
  ['PLAIN', /^obj\.(\w+)$/],
  ['OBJECT', /^toJson_(\w+)\(obj\.(\w+)\)$/],
  ['OBJECTS', /^obj\.(\w+)\?\.map\(y => toJson_(\w+)\(y\)\)$/],
  ['PLAINS', /^obj\.(\w+)\?\.map\(y => y\)$/],
  ['MAP', /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.fromEntries\(Object\.entries\(obj\.\w+\)\.filter\(\(i\) => i\[1\] !== undefined\)\)\)$/],
  ['VALUE', /^obj\.(\w+)\?\.value$/],
  ['DATE', /^obj\.(\w+)\?\.toISOString\(\)$/],
  [
    'VALUES',
    /^\(\(obj\.(\w+)\) === undefined\) \? undefined : \(Object\.fromEntries\(Object\.entries\(obj\.\w+\)\.filter\(\(i\) => i\[1\] !== undefined\)\.map\(\(i\) => \[i\[0\], i\[1\]\?\.value\]\)\)\)$/,
  ],
];
const MAPPER =
  /^export function toJson_(\w+)\(obj: \w+ \| undefined\): Record<string, any> \| undefined \{\n  if \(obj === undefined\) \{ return undefined; \}\n  const result: Record<string, any> = \{\};\n  let value: any;\n((?:  if .*\n)*)  return result;\n\}$/gm;
const SET = /^  if \(\(value = (.*)\) !== undefined\) result\['([^']+)'\] = value;$/;

/** `imports/wire.ts` from the rewritten sources (file name → text). */
function wireTable(sources) {
  const types = [];
  for (const [file, source] of Object.entries(sources)) {
    const mappers = [...source.matchAll(MAPPER)];
    const declared = (source.match(/^export function toJson_/gm) ?? []).length;
    if (mappers.length !== declared) throw new Error(`${file}: ${declared - mappers.length} toJson_ functions in an unknown form`);
    for (const [, type, body] of mappers) {
      const fields = body
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => {
          const [, expr, wire] = SET.exec(line) ?? [];
          if (expr === undefined) throw new Error(`${file}: toJson_${type}: unknown line ${line}`);
          for (let form = 0; form < FORMS.length; form++) {
            const m = FORMS[form][1].exec(expr);
            if (!m) continue;
            // OBJECT names the type first; OBJECTS the prop first.
            const [prop, child] = form === 1 ? [m[2], m[1]] : [m[1], m[2]];
            return [wire, prop, form, ...(child ? [child] : [])];
          }
          throw new Error(`${file}: toJson_${type}: unknown mapping ${expr}`);
        })
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      types.push(`  ${type}: ${JSON.stringify(fields)},`);
    }
  }
  return [
    '// Generated by scripts/linear-imports.js (npm run import) from the toJson_* mappers in imports/; never edited by hand.',
    '// Per type: [wire name, prop, form (see WIRE_FORMS), type of its objects], sorted by wire name.',
    '/* eslint-disable */',
    `export const WIRE_FORMS = ${JSON.stringify(FORMS.map(([name]) => name))} as const;`,
    'export const WIRE: Readonly<Record<string, readonly (readonly [string, string, number, string?])[]>> = {',
    ...types.sort(),
    '};',
    '',
  ].join('\n');
}

if (require.main === module) {
  const dir = path.join(__dirname, '..', 'imports');
  const sources = {};
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'wire.ts')) {
    const file = path.join(dir, name);
    const before = fs.readFileSync(file, 'utf8');
    const after = linear(before);
    if (after !== before) fs.writeFileSync(file, after);
    sources[name] = after;
  }
  fs.writeFileSync(path.join(dir, 'wire.ts'), wireTable(sources));
}

module.exports = { linear, wireTable, QUADRATIC, FILTERED_RESULT };
