import { chartService, importFiles, synthesized, yaml } from './helpers';

/** What the second review of imported stacks found, each as a small compose file. */

test('a password in a shell script is read by the shell, quoted, not pasted into the script by Kubernetes', () => {
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      '  setup:',
      '    image: "example/app:1.0"',
      '    entrypoint: [bash, -c]',
      '    command: ["app new-site --admin-password=admin; app start"]',
      '    restart: "no"',
      '  cli:',
      '    image: "example/app:1.0"',
      '    command: [app, --admin-password, admin]',
    ),
  });
  const setup = chartService(chart, 'setup');
  expect(setup.command).toEqual(['app new-site --admin-password="$ADMIN_PASSWORD"; app start']);
  expect((setup.env as Record<string, unknown>).ADMIN_PASSWORD).toMatchObject({ secret: 'credentials' });
  // Outside a shell, Kubernetes expands $(NAME) in args itself.
  expect(chartService(chart, 'cli').command).toEqual(['app', '--admin-password', '$(ADMIN_PASSWORD)']);
  expect(JSON.stringify(chart.system)).not.toContain('admin;');
});

test('an embedded Celery beat writes its schedule to /tmp; the worker stays one copy', () => {
  const chart = importFiles({
    'compose.yaml': yaml('services:', '  worker: {image: "example/app:1.0", command: [celery, -A, app, worker, -B, --concurrency, "2"]}'),
  });
  const worker = chartService(chart, 'worker');
  expect(worker.command).toEqual(['celery', '-A', 'app', 'worker', '-B', '--concurrency', '2', '--schedule', '/tmp/celerybeat-schedule']);
  expect(worker.singleton).toBe(true);
  expect(synthesized(chart).errors).toEqual([]);
});

test('a URL in a config file names a port only where it writes one (an nginx upstream sets it elsewhere)', () => {
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      '  proxy: {image: "nginx:1.27", ports: ["80:8080"], volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]}',
      '  app: {image: "example/app:1.0", expose: ["8541"]}',
    ),
    'nginx.conf': 'upstream app { server app:8541; }\nserver { location / { proxy_pass http://app; } }\n',
  });
  expect((chartService(chart, 'app').ports as { port: number }[]).map((p) => p.port)).toEqual([8541]);
});

test('pgautoupgrade is PostgreSQL: its UID, socket directory and data directory come from the catalog', () => {
  const chart = importFiles({
    'compose.yaml': yaml('services:', '  db: {image: "pgautoupgrade/pgautoupgrade:16-alpine", volumes: ["data:/var/lib/postgresql/data"]}', 'volumes: {data: {}}'),
  });
  const db = chartService(chart, 'db');
  expect((db.runAs as { uid: number }).uid).toBe(70);
  expect((db.runAs as { writablePaths?: string[] }).writablePaths).toContain('/var/run/postgresql');
  expect((db.env as Record<string, string>).PGDATA).toBe('/var/lib/postgresql/data/pgdata');
});
