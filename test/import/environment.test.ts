import { chartService, importFiles, synthesized, warningsAt, yaml } from './helpers';

describe('environment', () => {
  test('a key-only variable takes its value from the env file; one the env files do not set is not passed, as compose does', () => {
    const chart = importFiles({
      'compose.yaml': yaml('services:', '  app:', '    image: example/app:1.0', '    environment: [MODE, SMTP_PASSWORD, UNSET_ONE, UNSET_TWO_TOKEN]'),
      '.env': 'MODE=production\nSMTP_PASSWORD=from-env-file\n',
    });
    expect(chartService(chart, 'app').env).toEqual({ MODE: 'production', SMTP_PASSWORD: { secret: 'credentials', key: 'smtp-password' } });
    expect(chart.storeKeys).toEqual(['t/{{berth.environment}}/smtp-password']);
    expect(warningsAt(chart, 'services.app.environment')).toEqual([
      expect.stringMatching(/^UNSET_ONE, UNSET_TWO_TOKEN: compose passes them from its shell or env files, which do not set them/),
    ]);
  });
});

test('a credential compose interpolated into a check or a command moves to the store: the check reads ${NAME}, the command $(NAME)', () => {
  const chart = importFiles({
    'compose.yaml': yaml(
      'services:',
      '  api:',
      '    image: example/api:1.0',
      '    environment: {ANON_KEY: "${ANON_KEY}", DB_PASSWORD: postgres}',
      '    command: ["serve", "--anon", "${ANON_KEY}", "postgres"]',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-H", "Authorization: Bearer ${ANON_KEY}", "http://localhost:4000/health"]',
      '  realtime:',
      '    image: example/realtime:1.0',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "curl -H \\"Authorization: Bearer ${ANON_KEY}\\" http://localhost:4000/health"]',
    ),
    '.env': 'ANON_KEY=eyJhbGciOiJIUzI1NiJ9.demo-token-1234\n',
  });
  const text = JSON.stringify(chart.system);
  expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  const api = chartService(chart, 'api');
  expect(api.command).toEqual(['serve', '--anon', '$(ANON_KEY)', 'postgres']);
  expect(api.healthCheck).toMatchObject({ test: { kind: 'shell', script: 'curl -H "Authorization: Bearer ${ANON_KEY}" http://localhost:4000/health' } });
  const realtime = chartService(chart, 'realtime');
  expect(realtime.healthCheck).toMatchObject({ test: { kind: 'shell', script: 'curl -H "Authorization: Bearer ${ANON_KEY}" http://localhost:4000/health' } });
  expect(realtime.env).toEqual({ ANON_KEY: { secret: 'credentials', key: 'anon-key' } });
  const { files, errors } = synthesized(chart);
  expect(errors).toEqual([]);
  expect([...files.values()].join('\n')).not.toContain('eyJhbGciOiJIUzI1NiJ9');
});
