import fc from 'fast-check';
import { compareTrees } from '../../lib/diff/compare';
import { formatReport } from '../../lib/diff/report';
import { risksOf } from '../../lib/diff/risks';
import { floatingTag } from '../../lib/diff/workloads';
import { base, plant } from './plant';

const PROD = 'marketnavigator/prod';

describe('berth diff: what a change shows', () => {
  test('a harmless change shows each scalar field old → new, a long text by its path alone', () => {
    const head = plant(`${PROD}/backend.yaml`, 'ConfigMap/backend-config', (o) => ({ ...o, data: { ...o.data, MINIO_BUCKET_NAME: 'other', EXTRA: 'x'.repeat(80), NEW: '1' } }));
    const diffs = compareTrees(base, head);
    const text = formatReport('HEAD', diffs, diffs.flatMap(risksOf), false);
    expect(text.split('\n').slice(-5)).toEqual([
      `${PROD}: 0 objects added, 0 removed, 1 changed`,
      '  ~ ConfigMap marketnavigator-prod/backend-config (v1)',
      '      data.EXTRA',
      '      data.MINIO_BUCKET_NAME: "marketnavigator" → "other"',
      '      data.NEW: (none) → "1"',
    ]);
  });

  test('a map new on one side is named leaf by leaf', () => {
    const head = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => {
      o.spec.template.spec.nodeSelector = { disk: 'ssd' };
      return o;
    });
    const [diff] = compareTrees(base, head);
    expect(diff.changed.map((c) => c.fields)).toEqual([['spec.template.spec.nodeSelector.disk']]);
    expect(formatReport('HEAD', [diff], [], false)).toContain('      spec.template.spec.nodeSelector.disk: (none) → "ssd"');
    const back = compareTrees(head, base);
    expect(formatReport('HEAD', back, [], false)).toContain('      spec.template.spec.nodeSelector.disk: "ssd" → (none)');
  });

  test('a number and the same digits as text are told apart', () => {
    const head = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => ({ ...o, spec: { ...o.spec, revisionHistoryLimit: 4 } }));
    const was = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => ({ ...o, spec: { ...o.spec, revisionHistoryLimit: '4' } }));
    const diffs = compareTrees(was, head);
    expect(formatReport('HEAD', diffs, [], false)).toContain('      spec.revisionHistoryLimit: "4" → 4');
  });

  test('an image on a floating tag is flagged as not pinned, besides the change', () => {
    const head = plant(`${PROD}/redis.yaml`, 'Deployment/redis', (o) => {
      o.spec.template.spec.containers[0].image = 'axllent/mailpit:v1';
      return o;
    });
    expect(
      compareTrees(base, head)
        .flatMap(risksOf)
        .map((r) => [r.risk, r.message]),
    ).toEqual([
      ['image-unpinned', 'container redis: axllent/mailpit:v1 has a floating tag (v1), which moves to each new release: pin the full version or a digest'],
      ['image-changed', 'container redis: redis:7.2.16-alpine → axllent/mailpit:v1'],
    ]);
  });
});

describe('floating tags', () => {
  const number = fc.integer({ min: 0, max: 999 });
  const suffix = fc.constantFrom('', '-alpine', '-bookworm', '_slim', '-alpine3.20');
  const repository = fc.constantFrom('redis', 'axllent/mailpit', 'registry.example.com:5000/team/app');
  const digest = `@sha256:${'a'.repeat(64)}`;

  test('one or two version numbers, or no digit at all: floating', () => {
    fc.assert(
      fc.property(repository, fc.boolean(), fc.array(number, { minLength: 1, maxLength: 2 }), suffix, (repo, v, parts, s) => {
        const tag = `${v ? 'v' : ''}${parts.join('.')}${s}`;
        expect(floatingTag(`${repo}:${tag}`)).toBe(tag);
        expect(floatingTag(`${repo}:${tag}${digest}`)).toBeUndefined();
      }),
    );
    for (const tag of ['stable', 'alpine', 'lts', 'edge']) expect(floatingTag(`redis:${tag}`)).toBe(tag);
  });

  test('a full version is one release', () => {
    fc.assert(
      fc.property(repository, fc.boolean(), fc.array(number, { minLength: 3, maxLength: 4 }), suffix, (repo, v, parts, s) => {
        expect(floatingTag(`${repo}:${v ? 'v' : ''}${parts.join('.')}${s}`)).toBeUndefined();
      }),
    );
    for (const image of ['quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z', 'timescale/timescaledb:2.28.3-pg15', 'edoburu/pgbouncer:v1.25.2-p0', 'busybox:20240101'])
      expect(floatingTag(image)).toBeUndefined();
  });
});
