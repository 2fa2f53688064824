import { resolveSystem } from '../../lib/model/resolve';
import { system, withService } from '../fixtures';

describe('heap larger than the memory limit', () => {
  const withHeap = (env: Record<string, string>, memoryLimitMi: number) => withService(system(), 'web_app', { env, resources: { cpu: 0.1, memoryMi: 64, memoryLimitMi } });

  test('a JVM heap at or over the limit is refused with the field to change', () => {
    expect(() => resolveSystem(withHeap({ ES_JAVA_OPTS: '-Xms1g -Xmx1g' }, 1024), 'dev')).toThrow(
      /services\.web_app\.env\.ES_JAVA_OPTS: -Xmx1g is a 1024 MiB heap, but the memory limit in dev is 1024 MiB; lower the heap or raise resources\.memoryLimitMi/,
    );
  });

  test('a Node heap over the limit is refused', () => {
    expect(() => resolveSystem(withHeap({ NODE_OPTIONS: '--max-old-space-size=4096' }, 2048), 'dev')).toThrow(/NODE_OPTIONS: --max-old-space-size=4096 is a 4096 MiB heap/);
  });

  test('a heap below the limit is fine', () => {
    expect(() => resolveSystem(withHeap({ JAVA_OPTS: '-Xmx512m' }, 1024), 'dev')).not.toThrow();
  });
});
