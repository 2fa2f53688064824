import { chartService, importFiles, warningsAt, yaml } from './helpers';

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
