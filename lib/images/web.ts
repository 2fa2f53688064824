import type { ImageEntry, ImageUser } from './types';

/** Web servers, proxies, web applications, identity, mail testing and base images. */

const lowPortNote = (port: number, fix: string) =>
  `listens on ${port}, below 1024, which a non-root process may bind only with the safe sysctl net.ipv4.ip_unprivileged_port_start=0 on the pod; or ${fix}`;

export const nginx: ImageEntry = {
  repositories: ['nginx'],
  description: 'nginx (Docker official image): a root master process with workers as nginx',
  sources: ['https://github.com/nginxinc/docker-nginx/blob/master/mainline/debian/Dockerfile', 'https://hub.docker.com/_/nginx'],
  user: {
    uid: 101,
    gid: 101,
    rootByDefault: true,
    source: 'Dockerfile: groupadd --system --gid 101 nginx; useradd --system --uid 101 (the workers; the master runs as root)',
  },
  // The pid file, the temp paths and the entrypoint's edits of conf.d.
  writablePaths: ['/etc/nginx/conf.d', '/tmp', '/var/cache/nginx', '/var/run'],
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  ports: [{ name: 'http', port: 80 }],
  healthCheck: { test: { kind: 'tcp', port: 80 }, source: 'no health endpoint in the default configuration: the port accepts connections' },
  component: 'web',
  alternative: {
    image: 'nginxinc/nginx-unprivileged',
    why: 'the same nginx built to run as UID 101 on port 8080, with its pid file and temp paths in /tmp',
  },
  notes: [lowPortNote(80, 'listen on 8080'), 'as non-root, the `user` directive is ignored with a warning and the pid file must move off /var/run'],
};

export const nginxUnprivileged: ImageEntry = {
  repositories: ['nginxinc/nginx-unprivileged'],
  description: 'nginx built to run unprivileged: UID 101, port 8080',
  sources: ['https://github.com/nginxinc/docker-nginx-unprivileged/blob/main/mainline/debian/Dockerfile', 'https://hub.docker.com/r/nginxinc/nginx-unprivileged'],
  user: { uid: 101, gid: 101, source: 'Dockerfile: ARG UID=101, useradd --uid $UID nginx; USER $UID; /etc/nginx and /var/cache/nginx chowned $UID:0 g+w' },
  // The Dockerfile moves the pid file and every *_temp_path to /tmp.
  writablePaths: ['/tmp'],
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  ports: [{ name: 'http', port: 8080 }],
  healthCheck: { test: { kind: 'tcp', port: 8080 }, source: 'no health endpoint in the default configuration: the port accepts connections' },
  component: 'web',
  notes: ['the entrypoint renders /etc/nginx/templates into /etc/nginx/conf.d: with templates, make conf.d writable'],
};

export const traefik: ImageEntry = {
  repositories: ['traefik'],
  description: 'Traefik proxy (Docker official image)',
  sources: ['https://github.com/traefik/traefik-library-image/blob/master/v3.5/alpine/Dockerfile', 'https://doc.traefik.io/traefik/operations/ping/'],
  user: {
    uid: 65532,
    gid: 65532,
    rootByDefault: true,
    source: 'the image has no USER (root); the traefik Helm chart runs it as 65532:65532',
  },
  writablePaths: ['/tmp'],
  entrypoint: ['/entrypoint.sh'],
  cmd: ['traefik'],
  ports: [
    { name: 'http', port: 80 },
    // The `traefik` entry point: API, dashboard and ping.
    { name: 'traefik', port: 8080 },
  ],
  healthCheck: { test: { kind: 'http', path: '/ping', port: 8080 }, source: 'Traefik ping endpoint (doc.traefik.io/traefik/operations/ping), which needs --ping' },
  component: 'proxy',
  notes: [lowPortNote(80, 'define the entry points on :8000 and :8443 as the Helm chart does'), 'in Kubernetes an Ingress controller usually replaces it'],
};

const wwwData: ImageUser = {
  uid: 33,
  gid: 33,
  rootByDefault: true,
  source: "Debian's www-data (33:33), which the Apache configuration names; the image starts as root to bind port 80",
};

export const httpd: ImageEntry = {
  repositories: ['httpd'],
  description: 'Apache httpd (Docker official image)',
  sources: ['https://github.com/docker-library/httpd/blob/master/2.4/Dockerfile', 'https://github.com/docker-library/httpd/blob/master/2.4/alpine/Dockerfile'],
  user: wwwData,
  variants: [{ tagPattern: 'alpine', user: { ...wwwData, uid: 82, gid: 82, source: 'Dockerfile (Alpine): adduser -u 82 -D -S -G www-data www-data' } }],
  // PidFile logs/httpd.pid; the logs themselves go to stdout and stderr.
  writablePaths: ['/usr/local/apache2/logs'],
  entrypoint: [],
  cmd: ['httpd-foreground'],
  ports: [{ name: 'http', port: 80 }],
  healthCheck: { test: { kind: 'tcp', port: 80 }, source: 'no health endpoint in the default configuration: the port accepts connections' },
  component: 'web',
  notes: [lowPortNote(80, 'set Listen 8080 in httpd.conf')],
};

const apachePhpWritable = ['/run/apache2', '/run/lock/apache2', '/tmp'];

export const wordpress: ImageEntry = {
  repositories: ['wordpress'],
  description: 'WordPress on Apache and PHP (Docker official image)',
  sources: ['https://github.com/docker-library/wordpress/blob/master/latest/php8.3/apache/Dockerfile', 'https://hub.docker.com/_/wordpress'],
  user: wwwData,
  writablePaths: apachePhpWritable,
  dataDirectory: '/var/www/html',
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['apache2-foreground'],
  entrypointDoes: 'docker-entrypoint.sh copies WordPress into /var/www/html on first start and writes wp-config.php from the WORDPRESS_* variables',
  ports: [{ name: 'http', port: 80 }],
  healthCheck: { test: { kind: 'tcp', port: 80 }, source: 'no health endpoint documented: the port accepts connections' },
  credentialEnv: ['WORDPRESS_DB_PASSWORD', 'WORDPRESS_AUTH_KEY', 'WORDPRESS_SECURE_AUTH_KEY', 'WORDPRESS_LOGGED_IN_KEY', 'WORDPRESS_NONCE_KEY'],
  component: 'web',
  notes: [lowPortNote(80, 'listen on 8080 in /etc/apache2/ports.conf'), '-fpm tags serve FastCGI on 9000 and need a web server in front'],
};

export const nextcloud: ImageEntry = {
  repositories: ['nextcloud'],
  description: 'Nextcloud on Apache and PHP (Docker official image)',
  sources: [
    'https://github.com/nextcloud/docker/blob/master/Dockerfile-debian.template',
    'https://github.com/nextcloud/docker/blob/master/README.md',
    'https://github.com/nextcloud/docker/issues/763',
  ],
  user: wwwData,
  writablePaths: apachePhpWritable,
  // entrypoint.sh (set -eu) writes redis-session.ini here when REDIS_HOST is set, beside the image's own .ini files.
  writableCopies: ['/usr/local/etc/php/conf.d'],
  dataDirectory: '/var/www/html',
  entrypoint: ['/entrypoint.sh'],
  cmd: ['apache2-foreground'],
  entrypointDoes: '/entrypoint.sh installs or upgrades Nextcloud into /var/www/html and runs the installation from the NEXTCLOUD_*/database variables',
  ports: [{ name: 'http', port: 80 }],
  healthCheck: { test: { kind: 'http', path: '/status.php', port: 80 }, source: 'Nextcloud status.php (docs.nextcloud.com admin manual, "Monitoring")' },
  credentialEnv: ['NEXTCLOUD_ADMIN_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_PASSWORD', 'REDIS_HOST_PASSWORD'],
  component: 'web',
  notes: [lowPortNote(80, 'listen on 8080 in /etc/apache2/ports.conf')],
};

export const keycloak: ImageEntry = {
  repositories: ['quay.io/keycloak/keycloak'],
  description: 'Keycloak identity and access management',
  sources: ['https://github.com/keycloak/keycloak/blob/main/quarkus/container/Dockerfile', 'https://www.keycloak.org/observability/health'],
  user: { uid: 1000, gid: 0, source: 'Dockerfile: keycloak:x:1000:0 in /etc/passwd; USER 1000; /opt/keycloak owned 1000:0, g+rwX' },
  writablePaths: ['/opt/keycloak/data', '/tmp'],
  entrypoint: ['/opt/keycloak/bin/kc.sh'],
  cmd: [],
  ports: [
    { name: 'http', port: 8080 },
    { name: 'https', port: 8443 },
    { name: 'management', port: 9000 },
  ],
  healthCheck: {
    test: { kind: 'http', path: '/health/ready', port: 9000 },
    source: 'Keycloak health endpoints (keycloak.org/observability/health), on the management port with KC_HEALTH_ENABLED',
  },
  env: { KC_HEALTH_ENABLED: 'true' },
  credentialEnv: ['KC_BOOTSTRAP_ADMIN_PASSWORD', 'KEYCLOAK_ADMIN_PASSWORD', 'KC_DB_PASSWORD'],
  component: 'identity',
  heapEnv: 'JAVA_OPTS_KC_HEAP',
  notes: ['`start` without --optimized rebuilds into /opt/keycloak/lib: under a read-only root, build the image with `kc.sh build` and run `start --optimized`'],
};

export const mailhog: ImageEntry = {
  repositories: ['mailhog/mailhog'],
  description: 'MailHog SMTP testing server (abandoned since 2020)',
  sources: ['https://github.com/mailhog/MailHog/blob/master/Dockerfile'],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: adduser -D -u 1000 mailhog; USER mailhog' },
  writablePaths: [],
  entrypoint: ['MailHog'],
  cmd: [],
  ports: [
    { name: 'smtp', port: 1025 },
    { name: 'http', port: 8025 },
  ],
  healthCheck: { test: { kind: 'tcp', port: 1025 }, source: 'no health check documented: the SMTP port accepts connections' },
  component: 'mail',
  alternative: { image: 'axllent/mailpit', why: 'MailHog has had no release since 2020; Mailpit is its maintained drop-in (same SMTP 1025, UI 8025)' },
};

export const mailpit: ImageEntry = {
  repositories: ['axllent/mailpit'],
  description: 'Mailpit SMTP testing server',
  sources: ['https://github.com/axllent/mailpit/blob/develop/Dockerfile', 'https://mailpit.axllent.org/docs/install/docker/'],
  user: { uid: 1000, gid: 1000, rootByDefault: true, source: 'the image has no USER (root); /mailpit is group 0 with g=u, so any UID runs it' },
  // Without MP_DATABASE the mail database is a temporary file.
  writablePaths: ['/tmp'],
  entrypoint: ['/mailpit'],
  cmd: [],
  ports: [
    { name: 'smtp', port: 1025 },
    { name: 'http', port: 8025 },
  ],
  // `/mailpit readyz`, the Dockerfile's HEALTHCHECK, requests this endpoint of the web UI.
  healthCheck: { test: { kind: 'http', path: '/readyz', port: 8025 }, source: "Mailpit's /readyz endpoint, which the image's HEALTHCHECK (/mailpit readyz) requests" },
  component: 'mail',
};

const nobody: ImageUser = { uid: 65534, gid: 65534, rootByDefault: true, source: 'the image runs as root; its own nobody user (65534:65534) has no privileges' };

export const busybox: ImageEntry = {
  repositories: ['busybox'],
  description: 'BusyBox (Docker official image): a shell and small tools',
  sources: ['https://github.com/docker-library/busybox/blob/master/latest/glibc/amd64/Dockerfile', 'https://hub.docker.com/_/busybox'],
  user: nobody,
  writablePaths: [],
  entrypoint: [],
  cmd: ['sh'],
  ports: [],
  component: 'tool',
};

export const alpine: ImageEntry = {
  repositories: ['alpine'],
  description: 'Alpine Linux (Docker official image)',
  sources: ['https://github.com/alpinelinux/docker-alpine/blob/master/x86_64/Dockerfile', 'https://hub.docker.com/_/alpine'],
  user: nobody,
  writablePaths: [],
  entrypoint: [],
  cmd: ['/bin/sh'],
  ports: [],
  component: 'tool',
};

export const airflow: ImageEntry = {
  repositories: ['apache/airflow'],
  description: 'Apache Airflow (the project image)',
  sources: [
    'https://github.com/apache/airflow/blob/main/Dockerfile',
    'https://airflow.apache.org/docs/docker-stack/entrypoint.html',
    'https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/logging-monitoring/check-health.html',
  ],
  user: {
    uid: 50000,
    gid: 0,
    fsGroup: 0,
    source: 'Dockerfile: ARG AIRFLOW_UID="50000", group 0; the entrypoint insists on group 0 for an arbitrary UID (docker-stack/entrypoint)',
  },
  // AIRFLOW_HOME moves to /opt/airflow/run (env below): what airflow generates goes there, the image's dags/ and plugins/ stay.
  writablePaths: ['/opt/airflow/run', '/tmp'],
  env: { AIRFLOW_HOME: '/opt/airflow/run', AIRFLOW__CORE__DAGS_FOLDER: '/opt/airflow/dags', AIRFLOW__CORE__PLUGINS_FOLDER: '/opt/airflow/plugins' },
  entrypoint: ['/usr/bin/dumb-init', '--', '/entrypoint'],
  cmd: [],
  entrypointDoes: '/entrypoint (under dumb-init) waits for the database, runs _AIRFLOW_DB_MIGRATE/_AIRFLOW_WWW_USER_CREATE and maps the command to `airflow <command>`',
  ports: [{ name: 'http', port: 8080 }],
  healthCheck: {
    test: { kind: 'http', path: '/health', port: 8080 },
    source: "Airflow webserver's /health endpoint (airflow.apache.org, logging-monitoring/check-health)",
  },
  credentialEnv: ['AIRFLOW__CORE__FERNET_KEY', 'AIRFLOW__WEBSERVER__SECRET_KEY', 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', '_AIRFLOW_WWW_USER_PASSWORD'],
  requiredSecretEnv: [
    {
      env: 'AIRFLOW__CORE__FERNET_KEY',
      why: 'without it every pod generates its own fernet key, and the connections and variables it encrypted cannot be read after a restart',
    },
  ],
  heavyCommands: [
    {
      word: 'standalone',
      minMemoryMi: 1536,
      why: 'airflow standalone runs the webserver (with its gunicorn workers), the scheduler and the triggerer in one container',
    },
  ],
  shippedPaths: [{ path: '/opt/airflow', hides: "the image's airflow.cfg, example DAGs and webserver_config.py (AIRFLOW_HOME)" }],
  component: 'orchestration',
};

export const web: readonly ImageEntry[] = [nginx, nginxUnprivileged, traefik, httpd, wordpress, nextcloud, keycloak, mailhog, mailpit, busybox, alpine, airflow];
