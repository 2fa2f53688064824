import { chartService, importFiles, synthesized, warningsAt, yaml } from './helpers';

describe('images compose builds', () => {
  test('build with pull_policy never, or with a local name, is built by the team: one repository for the services that share it', () => {
    const chart = importFiles({
      'compose.yaml': yaml(
        'x-app: &app',
        '  image: app-local',
        '  build: {context: ./app}',
        'services:',
        '  web: {<<: *app, command: [run, web]}',
        '  worker: {<<: *app, command: [run, worker]}',
        '  tools:',
        '    image: example/tools:1.0',
        '    build: ./tools',
        '    pull_policy: never',
        '  published:',
        '    image: example/published:2.0',
        '    build: ./published',
      ),
    });
    expect(chartService(chart, 'web').image).toEqual({ repository: 'registry.example.com/t/app-local' });
    expect(chartService(chart, 'worker').image).toEqual({ repository: 'registry.example.com/t/app-local' });
    expect(chartService(chart, 'tools').image).toEqual({ repository: 'registry.example.com/t/tools' });
    expect(chartService(chart, 'published').image).toBe('example/published:2.0');
    expect(Object.keys(chart.release.dev).sort()).toEqual(['app-local', 'tools']);
    expect(synthesized(chart).errors).toEqual([]);
  });

  test('without --image-template, an image compose builds is refused with the fix', () => {
    expect(() => importFiles({ 'compose.yaml': yaml('services:', '  web: {image: app-local, build: .}') }, { imageTemplate: undefined })).toThrow(
      /services\.web\.build: compose only builds this image; give --image-template/,
    );
  });
});

test('an image whose entrypoint writes beside the files it ships gets writable copies of those directories (image catalog)', () => {
  const chart = importFiles({ 'compose.yaml': yaml('services:', '  frontend: {image: "penpotapp/frontend:2.16", ports: ["9001:8080"]}') });
  expect(chartService(chart, 'frontend').runAs).toEqual({ uid: 1001, writablePaths: ['/tmp', '/var/cache/nginx'], writableCopies: ['/etc/nginx', '/var/www/app/js'] });
  expect(synthesized(chart).errors).toEqual([]);
});

test('a user name berth does not know runs as the catalog user of the image, and says so; an unknown image is assumed', () => {
  const chart = importFiles({
    'compose.yaml': yaml('services:', '  netbox: {image: "netboxcommunity/netbox:v4.1-3.0.2", user: "unit:root"}', '  other: {image: "example/other:1.0", user: "svc"}'),
  });
  expect(chartService(chart, 'netbox').runAs).toMatchObject({ uid: 1000 });
  expect(warningsAt(chart, 'services.netbox.user')).toEqual(["unit:root is not a number berth knows; it runs as 1000, the image's user (image catalog)"]);
  expect(warningsAt(chart, 'services.other.user')).toEqual(['svc is not a number berth knows; the UID is assumed']);
});
