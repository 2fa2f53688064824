import { validateSystem } from '../../lib/model/validate';
import { system, withService } from '../fixtures';

describe('misspelt chart keys', () => {
  test('a compose spelling gets the chart field as a suggestion', () => {
    const bad = withService(system(), 'web_app', { depends_on: { cache: 'service_healthy' } } as never);
    expect(() => validateSystem(bad)).toThrow(/services\.web_app\.depends_on: is not a field berth knows; did you mean dependsOn\?/);
  });

  test('a typo gets the nearest field', () => {
    const bad = withService(system(), 'web_app', { helthCheck: {} } as never);
    expect(() => validateSystem(bad)).toThrow(/services\.web_app\.helthCheck: .*did you mean healthCheck\?/);
  });

  test('nested parts are checked too, and every chart field is known', () => {
    const bad = withService(system(), 'web_app', { resources: { cpu: 0.1, memoryMi: 64, memory_limit: 5 } } as never);
    expect(() => validateSystem(bad)).toThrow(/services\.web_app\.resources\.memory_limit/);
    expect(() => validateSystem(system())).not.toThrow();
  });
});
