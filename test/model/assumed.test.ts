import { assumed, draftSystem } from '../../lib/model/assumed';
import { resolveSystem } from '../../lib/model/resolve';
import { InvalidSystemError } from '../../lib/model/problems';
import { system } from '../fixtures';

describe('assumed values', () => {
  const draft = () => {
    const base = system();
    return { ...base, services: { ...base.services, web_app: { ...base.services.web_app, runAs: { uid: assumed(1001, 'UID not documented') } } } };
  };

  test('a draft settles to its values and lists each assumption with its chart path', () => {
    const settled = draftSystem(draft());
    expect(settled.services.web_app.runAs.uid).toBe(1001);
    expect(settled.assumptions).toEqual([{ path: 'services.web_app.runAs.uid', value: 1001, because: 'UID not documented' }]);
  });

  test('an assumed object is one assumption, not one per field', () => {
    const base = system();
    const settled = draftSystem({
      ...base,
      services: { ...base.services, web_app: { ...base.services.web_app, resources: assumed({ cpu: 0.1, memoryMi: 128 }, 'not in compose') } },
    });
    expect(settled.assumptions?.map((a) => a.path)).toEqual(['services.web_app.resources']);
    expect(settled.services.web_app.resources).toEqual({ cpu: 0.1, memoryMi: 128 });
  });

  test('a draft without assumptions is the system itself', () => {
    expect(draftSystem(system()).assumptions).toBeUndefined();
  });

  test('synth warns about assumptions outside production, and refuses them in production', () => {
    const settled = draftSystem(draft());
    const dev = resolveSystem(settled, 'dev');
    expect(dev.warnings).toContain('demo/dev: services.web_app.runAs.uid: assumed 1001 (UID not documented)');
    const prod = { ...settled, environments: { ...settled.environments, dev: { ...settled.environments.dev, production: true } } };
    expect(() => resolveSystem(prod, 'dev')).toThrow(InvalidSystemError);
    expect(() => resolveSystem(prod, 'dev')).toThrow(/services\.web_app\.runAs\.uid: 1001 is assumed \(UID not documented\) and dev is a production environment/);
  });
});
