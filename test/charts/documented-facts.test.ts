import * as fs from 'fs';
import * as path from 'path';
import { marketDataPlatform } from '../../charts/market-data-platform';
import { envObjects, findObject, mainContainer, podSpec } from '../helpers';

/**
 * Reads MarketNavigator's service map (seed 000) itself and checks its tables against dist/: every documented
 * port, health-check timing, volume mount and backup priority. The seeds are not in the repository; without
 * ../shared/seeds these tests are skipped, and say so.
 */
const SEEDS = path.join(__dirname, '..', '..', '..', 'shared', 'seeds');
const SEED = path.join(SEEDS, '000_8348d03d069c323c.txt');
const MARKET_DATA_SEED = path.join(SEEDS, '003_43df46657d6b8efd.txt');
const present = fs.existsSync(SEED) && fs.existsSync(MARKET_DATA_SEED);
if (!present) console.warn(`${SEEDS} is absent: skipping the checks of dist/ against the documents' own tables`);
const maybe = present ? test : test.skip;

/** The rows of the markdown table whose header starts with `heading` (after `after`), as trimmed cells without ** and `. */
function table(text: string, heading: string, after = ''): string[][] {
  // From the header row on: drop it and the |---| separator, stop at the first line that is not a row.
  const from = text.indexOf(heading, text.indexOf(after));
  const lines = text.slice(from).split('\n');
  return lines
    .slice(
      0,
      lines.findIndex((l) => !l.startsWith('|')),
    )
    .slice(2)
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.replace(/\*\*|`/g, '').trim()),
    );
}

const kube = (name: string) => name.replace(/_/g, '-');

describe.each(['dev', 'prod'])('MarketNavigator %s against document 000', (env) => {
  const objects = envObjects('marketnavigator', env);
  const text = present ? fs.readFileSync(SEED, 'utf8') : '';

  maybe('every container port of the service overview is a Service port (nginx is replaced by the Ingress)', () => {
    const rows = table(text, '| Service | Container Name |');
    expect(rows.length).toBe(11);
    for (const [service, , , ports] of rows) {
      if (service === 'nginx') continue;
      const documented = [...ports.matchAll(/\d+:(\d+)/g)].map((m) => Number(m[1]));
      const actual = documented.length === 0 ? [] : findObject(objects, 'Service', kube(service)).spec.ports.map((p: { port: number }) => p.port);
      expect([service, actual]).toEqual([service, documented]);
    }
  });

  maybe('every health check has the documented interval, timeout and retries', () => {
    const rows = table(text, '| Service | Health Check | Interval |');
    expect(rows.length).toBe(3);
    for (const [service, , interval, timeout, retries] of rows) {
      const probe = mainContainer(findObject(objects, 'Deployment', kube(service))).readinessProbe;
      expect([service, probe.periodSeconds, probe.timeoutSeconds, probe.failureThreshold]).toEqual([service, parseInt(interval, 10), parseInt(timeout, 10), Number(retries)]);
    }
  });

  maybe('every named volume is a claim mounted where the document says, with its backup priority', () => {
    const rows = table(text, '| Volume Name | Service | Mount Point |');
    expect(rows.length).toBe(4);
    for (const [volume, services, mountPoint, , priority] of rows) {
      const claim = findObject(objects, 'PersistentVolumeClaim', kube(volume));
      expect(claim.metadata.labels['backup.berth.dev/priority']).toBe(priority.toLowerCase());
      for (const service of services.split(',').map((s) => s.trim())) {
        const mounts = mainContainer(findObject(objects, 'Deployment', kube(service))).volumeMounts;
        expect(mounts).toContainEqual({ name: kube(volume), mountPath: mountPoint });
      }
    }
  });

  maybe('every dependency of the dependencies table is an init gate with the documented condition', () => {
    let service = '';
    const rows = table(text, '| Service | Depends On | Condition |');
    let checked = 0;
    for (const [name, dependsOn, condition] of rows) {
      service = name || service;
      if (service.startsWith('nginx')) continue;
      for (const dep of dependsOn.split(',').map((d) => d.trim())) {
        const kind = service === 'minio-init' ? 'Job' : 'Deployment';
        const gate = podSpec(findObject(objects, kind, kube(service))).initContainers.find((c: { name: string }) => c.name === `wait-for-${kube(dep)}`);
        const gateCondition = gate?.env.find((e: { name: string }) => e.name === 'GATE_CONDITION')?.value;
        expect([service, dep, gateCondition]).toEqual([service, dep, `service_${condition}`]);
        checked++;
      }
    }
    expect(checked).toBe(12);
  });
});

describe('market-data platform against document 003', () => {
  const text = present ? fs.readFileSync(MARKET_DATA_SEED, 'utf8') : '';
  maybe.each([
    ['dev', '### Development'],
    ['prod', '### Production'],
  ])('%s requests and limits are the resource table', (env, section) => {
    const objects = envObjects('market-data-platform', env);
    const rows = table(text, '| Service | CPU | Memory |', section);
    expect(rows.length).toBe(5);
    for (const [service, cpu, memory] of rows) {
      const resources = mainContainer(findObject(objects, 'Deployment', kube(service))).resources;
      const expected = { cpu: `${Math.round(Number(cpu) * 1000)}m`, memory: `${parseInt(memory, 10)}Mi` };
      if (marketDataPlatform.contradictions?.[service]) {
        // A contradiction the chart resolves (and reports): the CPU is the table's, the memory never less.
        expect([service, resources.requests.cpu, resources.limits.cpu]).toEqual([service, expected.cpu, expected.cpu]);
        expect(parseInt(resources.limits.memory, 10)).toBeGreaterThanOrEqual(parseInt(memory, 10));
        continue;
      }
      expect([service, resources.requests, resources.limits]).toEqual([service, expected, expected]);
    }
  });
});
