import { chartService, importFiles, yaml } from './helpers';

test('restart: on-failure leaves a step that exits 0 stopped: an init or migration is a Job; a worker keeps running', () => {
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      '  app-init: {image: "example/app:1.0", command: [app-init], restart: on-failure}',
      '  migrate: {image: "example/app:1.0", command: [rake, "db:migrate"], restart: on-failure}',
      '  worker: {image: "example/app:1.0", command: [sidekiq], restart: on-failure}',
      '  web: {image: "example/app:1.0", command: [web-init], restart: on-failure, ports: ["80:8080"]}',
    ),
  });
  expect(chartService(chart, 'app-init')).toMatchObject({ kind: 'one-shot', oneShot: { runs: { every: 'change' } } });
  expect(chartService(chart, 'migrate')).toMatchObject({ kind: 'one-shot' });
  expect(chartService(chart, 'worker').kind).toBeUndefined();
  expect(chartService(chart, 'web').kind).toBeUndefined();
});
