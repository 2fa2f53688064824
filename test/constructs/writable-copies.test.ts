import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { delivery } from '../../charts';
import { resolveSystem } from '../../lib/model/resolve';
import { InvalidDescriptionError, synthesize } from '../../lib/synthesize';
import { formatFinding, isError, validateFiles } from '../../lib/validate';
import { findObject, mainContainer, podSpec, synthObjects } from '../helpers';
import { service, system } from '../fixtures';

/** An image whose entrypoint writes beside the files it ships (/etc/nginx/nginx.conf) runs under a read-only root. */
const { web_app } = system().services;
const alone = (id: string, runAs: object) =>
  system({ id, services: { web_app: service({ ...web_app, dependsOn: undefined, env: undefined, runAs: { ...web_app.runAs, ...runAs } }) } });
const copying = alone('copying', { writableCopies: ['/var/www/app/js', '/etc/nginx'] });

describe('writable copies of image directories', () => {
  const objects = synthObjects([copying]);
  const deployment = findObject(objects, 'Deployment', 'web-app');

  test('an init container of the same image, as the same user, copies each directory into its emptyDir first', () => {
    const [copy, ...rest] = podSpec(deployment).initContainers as { name: string; image: string; command: string[]; securityContext: unknown; volumeMounts: unknown[] }[];
    expect(rest).toEqual([]);
    expect(copy.name).toBe('copy-image-files');
    expect(copy.image).toBe(mainContainer(deployment).image);
    expect(copy.command.slice(4)).toEqual(['/etc/nginx', '/berth-copies/copy-etc-nginx', '/var/www/app/js', '/berth-copies/copy-var-www-app-js']);
    expect(copy.volumeMounts).toEqual([
      { name: 'copy-etc-nginx', mountPath: '/berth-copies/copy-etc-nginx' },
      { name: 'copy-var-www-app-js', mountPath: '/berth-copies/copy-var-www-app-js' },
    ]);
    expect(copy.securityContext).toEqual(mainContainer(deployment).securityContext);
  });

  test('the script copies each directory, hidden files and subdirectories included, and fails on a missing one', () => {
    const [copy] = podSpec(deployment).initContainers as { command: string[] }[];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-copy-'));
    const [src, dst] = [path.join(root, 'etc'), path.join(root, 'empty')];
    fs.mkdirSync(path.join(src, 'conf.d'), { recursive: true });
    fs.mkdirSync(dst);
    fs.writeFileSync(path.join(src, 'nginx.conf'), 'events {}\n');
    fs.writeFileSync(path.join(src, 'conf.d', '.hidden'), 'x');
    const run = (...pairs: string[]) => spawnSync(copy.command[0], [...copy.command.slice(1, 4), ...pairs], { encoding: 'utf8' });
    expect(run(src, dst).status).toBe(0);
    expect(fs.readFileSync(path.join(dst, 'nginx.conf'), 'utf8')).toBe('events {}\n');
    expect(fs.existsSync(path.join(dst, 'conf.d', '.hidden'))).toBe(true);
    expect(run(path.join(root, 'missing'), dst).status).not.toBe(0);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the process mounts the filled emptyDirs where the image had the directories', () => {
    expect(mainContainer(deployment).volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'copy-etc-nginx', mountPath: '/etc/nginx' },
        { name: 'copy-var-www-app-js', mountPath: '/var/www/app/js' },
      ]),
    );
    expect(podSpec(deployment).volumes).toEqual(expect.arrayContaining([{ name: 'copy-etc-nginx', emptyDir: {} }]));
  });

  test('the output passes validate: restricted, read-only root, requests and limits on the copy container too', () => {
    const files = synthesize([copying], delivery).files;
    expect(validateFiles(files).filter(isError).map(formatFinding)).toEqual([]);
  });

  test('a copy takes its path like any mount: one mount per path', () => {
    const clash = alone('clash', { writablePaths: ['/etc/nginx'], writableCopies: ['/etc/nginx'] });
    expect(() => resolveSystem(clash, 'dev')).toThrow(/runAs\.writableCopies\[0\]: "\/etc\/nginx" is also runAs\.writablePaths\[0\]: a path takes one mount/);
    expect(() => synthesize([clash], delivery)).toThrow(InvalidDescriptionError);
  });
});
