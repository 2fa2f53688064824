#!/usr/bin/env node
// Vendors Argo CD's ApplicationSet CRD with only what berth emits: of the generators, the git generator.
//
//   node scripts/trim-applicationset-crd.js <argo-cd>/manifests/crds/applicationset-crd.yaml > schemas/crds/argoproj.io-applicationset.yaml
//
// The upstream CRD is 1.4 MB, most of it the matrix and merge generators repeating every other generator and
// the Application template at each level; `npm run import` would turn that into megabytes of TypeScript.
// Everything kept is upstream's text, unchanged, so `npm run validate` checks the ApplicationSet berth writes
// against upstream's schema, strictly: a generator berth does not emit is an unknown field.
'use strict';
const fs = require('fs');
const { parseAllDocuments, stringify } = require('yaml');

const KEPT_GENERATORS = ['git'];

function main(file) {
  const text = fs.readFileSync(file, 'utf8');
  const provenance = text.split('\n').filter((line) => line.startsWith('#'));
  const crd = parseAllDocuments(text)
    .map((d) => d.toJS())
    .find((d) => d?.kind === 'CustomResourceDefinition');
  for (const version of crd.spec.versions) {
    const generators = version.schema.openAPIV3Schema.properties.spec.properties.generators.items;
    for (const name of Object.keys(generators.properties)) if (!KEPT_GENERATORS.includes(name)) delete generators.properties[name];
  }
  const header = [...provenance, `# Trimmed by scripts/trim-applicationset-crd.js: generators other than ${KEPT_GENERATORS.join(', ')} removed; the rest unchanged.`];
  process.stdout.write(`${header.join('\n')}\n---\n${stringify(crd, { lineWidth: 0 })}`);
}

main(process.argv[2]);
