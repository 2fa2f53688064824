import { chartService, importFiles, synthesized, yaml } from './helpers';

describe('ports', () => {
  test('a port a client names is served, besides the ports compose declares; the NetworkPolicy lets the client reach it', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  main:',
        '    image: example/main:1.0',
        '    ports: ["5678:5678"]',
        '  runner:',
        '    image: example/runner:1.0',
        '    environment: {BROKER_URI: "http://main:5679"}',
      ),
    });
    expect(chartService(chart, 'main').ports).toEqual([
      { name: 'p5678', port: 5678 },
      { name: 'p5679', port: 5679 },
    ]);
    const { files, errors } = synthesized(chart);
    expect(errors).toEqual([]);
    const main = files.get('t/dev/main.yaml')!;
    expect(main).toMatch(/ingress:\n(.*\n)*?\s+- port: 5679\n/);
  });

  test('a check that calls the service by its own name shows its port, and asks the loopback (its Service serves ready pods only)', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'services:',
        '  storage:',
        '    image: example/storage:1.0',
        '    container_name: app-storage',
        '    healthcheck:',
        '      test: ["CMD", "wget", "--spider", "http://storage:5000/status"]',
        '  logs:',
        '    image: example/logs:1.0',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "curl -f http://app-logs:9001/health || exit 1"]',
        '    container_name: app-logs',
      ),
    });
    const storage = chartService(chart, 'storage');
    expect(storage.ports).toEqual([{ name: 'http', port: 5000 }]);
    expect(storage.healthCheck).toMatchObject({ test: { kind: 'exec', command: ['wget', '--spider', 'http://127.0.0.1:5000/status'] } });
    expect(chartService(chart, 'logs').healthCheck).toMatchObject({ test: { kind: 'shell', script: 'curl -f http://127.0.0.1:9001/health || exit 1' } });
  });
});
