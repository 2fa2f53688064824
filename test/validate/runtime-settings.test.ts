import { envFileParity, imageRequiredEnv, ingressStatic } from '../../lib/validate/runtime';
import { deployment, ingress, job, lines } from './runtime-fixtures';

const backend = (envFrom?: { secretRef: { name: string } }[]) => ({ image: 'registry.example.com/backend:2.0.0', envFrom });

describe('[env-file-parity] processes of one image load the same env files', () => {
  test('a worker without the backend .env is reported, with the fix', () => {
    const objects = [
      deployment('backend', { containers: [backend([{ secretRef: { name: 'backend-env' } }])] }),
      deployment('flower', { containers: [backend()] }),
      job('migrate', { containers: [backend([{ secretRef: { name: 'backend-env' } }])] }),
    ];
    expect(lines(envFileParity(objects))).toEqual([
      'Deployment/flower: spec.template.spec.containers[0].envFrom: registry.example.com/backend:2.0.0 also runs in Deployment/backend, Job/migrate, which load the env file backend-env; this process imports the same settings without it: add envFrom secretRef backend-env [env-file-parity]',
    ]);
  });
  test('the same env files everywhere, or different images, pass', () => {
    const same = [
      deployment('backend', { containers: [backend([{ secretRef: { name: 'backend-env' } }])] }),
      deployment('worker', { containers: [backend([{ secretRef: { name: 'backend-env' } }])] }),
    ];
    expect(envFileParity(same)).toEqual([]);
    const other = [
      deployment('backend', { containers: [backend([{ secretRef: { name: 'backend-env' } }])] }),
      deployment('scraper', { containers: [{ image: 'registry.example.com/scraper:1.0.0' }] }),
    ];
    expect(envFileParity(other)).toEqual([]);
  });
  test('two servers of one data store image, each with its own env file, are two servers: not reported', () => {
    const valkey = (name: string) => deployment(name, { containers: [{ image: 'valkey/valkey:8.0-alpine', envFrom: [{ secretRef: { name: `${name}-env` } }] }] });
    expect(envFileParity([valkey('queue'), valkey('cache')])).toEqual([]);
  });
});

describe('[image-required-env] keys an image cannot live without come from a Secret', () => {
  const airflow = (env: unknown[]) => deployment('airflow', { containers: [{ image: 'apache/airflow:2.11.2', args: ['standalone'], env }] });
  test('airflow without a fernet key, or with a literal one, is reported', () => {
    expect(lines(imageRequiredEnv([airflow([])]))).toEqual([
      'Deployment/airflow: spec.template.spec.containers[0].env: apache/airflow:2.11.2 needs AIRFLOW__CORE__FERNET_KEY from a Secret: without it every pod generates its own fernet key, and the connections and variables it encrypted cannot be read after a restart; set it with valueFrom.secretKeyRef [image-required-env]',
    ]);
    expect(lines(imageRequiredEnv([airflow([{ name: 'AIRFLOW__CORE__FERNET_KEY', value: 'abc' }])]))[0]).toContain('(here it is not a secretKeyRef)');
  });
  test('a secretKeyRef passes; other images are not asked', () => {
    expect(imageRequiredEnv([airflow([{ name: 'AIRFLOW__CORE__FERNET_KEY', valueFrom: { secretKeyRef: { name: 'airflow', key: 'fernet-key' } } }])])).toEqual([]);
    expect(imageRequiredEnv([deployment('web', { containers: [{ image: 'nginx:1.27.0' }] })])).toEqual([]);
  });
});

describe("[ingress-static] Django's admin gets its /static", () => {
  test('/admin routed to the backend while / goes to the frontend, and no /static: reported', () => {
    expect(
      lines(
        ingressStatic([
          ingress('shop', {}, [
            ['/', 'frontend'],
            ['/admin', 'backend'],
          ]),
        ]),
      ),
    ).toEqual([
      "Ingress/shop: spec.rules[0].http.paths[1].path: shop.example.com/admin goes to backend, but /static goes elsewhere: Django's admin loads its CSS and JavaScript from /static; route /static to backend (or to what serves the collected files) [ingress-static]",
    ]);
  });
  test('a /static route (in any Ingress of the host), or / on the same service, passes', () => {
    expect(
      ingressStatic([
        ingress('shop', {}, [
          ['/', 'frontend'],
          ['/admin', 'backend'],
        ]),
        ingress('shop-static', {}, [['/static', 'backend']]),
      ]),
    ).toEqual([]);
    expect(
      ingressStatic([
        ingress('shop', {}, [
          ['/', 'backend'],
          ['/admin', 'backend'],
        ]),
      ]),
    ).toEqual([]);
  });
});
