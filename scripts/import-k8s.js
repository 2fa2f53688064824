#!/usr/bin/env node
// Generates imports/k8s.ts offline from the vendored Kubernetes 1.28 schema.
//
// `cdk8s import k8s@1.28.0` downloads the same _definitions.json from GitHub; this machine and most CI
// runners have no route there. We reuse cdk8s-cli's own code generator on the vendored copy, and emit only
// the kinds berth synthesizes: the full set is ~1.5 MB of TypeScript and dominates type-checking time.
// Run with `npm run import`; the output is committed and never edited by hand.
'use strict';
const fs = require('fs');
const path = require('path');
const { CodeMaker } = require('codemaker');
const { TypeGenerator } = require('json2jsii');
// cdk8s-cli does not export these modules, so load them by file path (same pinned version as package.json).
const cliImport = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib/import');
const { findApiObjectDefinitions } = require(path.join(cliImport, 'k8s'));
const { emitHeader, generateConstruct, getPropsTypeName, getTypeName } = require(path.join(cliImport, 'codegen'));
const { parseApiTypeName } = require(path.join(cliImport, 'k8s-util'));

const EMITTED_KINDS = [
  'io.k8s.api.apps.v1.DaemonSet',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.apps.v1.StatefulSet',
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'io.k8s.api.batch.v1.CronJob',
  'io.k8s.api.batch.v1.Job',
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.PersistentVolumeClaim',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.networking.v1.Ingress',
  'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.policy.v1.PodDisruptionBudget',
  'io.k8s.api.scheduling.v1.PriorityClass',
];

async function main() {
  const root = path.join(__dirname, '..');
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/k8s-v1.28.0-_definitions.json'), 'utf8'));
  const all = findApiObjectDefinitions(schema, 'Kube');
  const wanted = all.filter((o) => EMITTED_KINDS.includes(o.fqn));
  const missing = EMITTED_KINDS.filter((fqn) => !wanted.some((o) => o.fqn === fqn));
  if (missing.length > 0) throw new Error(`kinds not in the schema: ${missing.join(', ')}`);

  const typeGenerator = new TypeGenerator({
    definitions: schema.definitions,
    renderTypeName: (def) => {
      const parsed = parseApiTypeName(def);
      return parsed.version ? getTypeName(false, parsed.basename, parsed.version.raw) : parsed.basename;
    },
  });
  for (const o of wanted) typeGenerator.addDefinition(o.fqn, { $ref: `#/definitions/${getPropsTypeName(o)}` });
  for (const o of wanted) generateConstruct(typeGenerator, o);

  const code = new CodeMaker();
  code.indentation = 2;
  code.openFile('k8s.ts');
  emitHeader(code, false);
  code.line(typeGenerator.render());
  code.closeFile('k8s.ts');
  await code.save(path.join(root, 'imports'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
