import { GATE } from '../model/defaults';
import type { ImageEntry, ImageUser } from './types';

const GATE_IMAGE = GATE.image;

/** Self-hosted applications: the images their own compose files run (photos, identity, automation, chat, design, ...). */

const IMMICH = 'https://github.com/immich-app/immich/blob/main';
const immichUser: ImageUser = {
  uid: 1000,
  gid: 1000,
  rootByDefault: true,
  source: 'the image has no USER (root); immich’s own docker/docker-compose.rootless.yml runs it as user 1000:1000',
};

export const immichServer: ImageEntry = {
  repositories: ['ghcr.io/immich-app/immich-server', 'altran1502/immich-server'],
  description: 'Immich server (API, web and background jobs)',
  sources: [`${IMMICH}/server/Dockerfile`, `${IMMICH}/docker/docker-compose.rootless.yml`, `${IMMICH}/server/src/dtos/config.dto.ts`],
  user: immichUser,
  writablePaths: ['/tmp'],
  // IMMICH_MEDIA_LOCATION: where compose mounts UPLOAD_LOCATION.
  dataDirectory: '/data',
  entrypoint: ['tini', '--', '/bin/bash'],
  cmd: ['start.sh'],
  ports: [{ name: 'http', port: 2283 }],
  healthCheck: { test: { kind: 'exec', command: ['immich-healthcheck'] }, source: 'the Dockerfile’s HEALTHCHECK CMD immich-healthcheck' },
  // immich-healthcheck asks the server's ping endpoint; a dependent asks it over the network.
  remoteCheck: { image: GATE_IMAGE, command: ['wget', '-q', '-T', '2', '-O', '/dev/null', 'http://{{berth.host}}:{{berth.port}}/api/server/ping'] },
  credentialEnv: ['DB_PASSWORD'],
  component: 'web',
  // The server's defaults (config.dto.ts, environment docs): the machine-learning URL and the database and Redis hosts.
  defaultSettings: { IMMICH_MACHINE_LEARNING_URL: 'http://immich-machine-learning:3003', DB_HOSTNAME: 'database', REDIS_HOSTNAME: 'redis' },
};

export const immichMachineLearning: ImageEntry = {
  repositories: ['ghcr.io/immich-app/immich-machine-learning', 'altran1502/immich-machine-learning'],
  description: 'Immich machine learning (face recognition, smart search)',
  sources: [`${IMMICH}/machine-learning/Dockerfile`, `${IMMICH}/docker/docker-compose.rootless.yml`, `${IMMICH}/docker/docker-compose.non-root.yml`],
  user: immichUser,
  // HOME is / for a UID without a passwd entry: the non-root compose file mounts /.config; Python writes /tmp.
  writablePaths: ['/.config', '/tmp'],
  dataDirectory: '/cache',
  entrypoint: ['tini', '--'],
  cmd: ['python', '-m', 'immich_ml'],
  ports: [{ name: 'http', port: 3003 }],
  component: 'ml',
  minimumMemoryMi: 1024,
  internet: [{ port: 443, why: 'downloads its models from Hugging Face on first use (into /cache)' }],
};

export const authentik: ImageEntry = {
  repositories: ['ghcr.io/goauthentik/server', 'beryju/authentik', 'goauthentik/server'],
  description: 'authentik identity provider (server and worker)',
  sources: [
    'https://github.com/goauthentik/authentik/blob/main/Dockerfile',
    'https://docs.goauthentik.io/docs/install-config/install/docker-compose',
    'https://docs.goauthentik.io/docs/sys-mgmt/ops/monitoring',
  ],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: adduser --system --uid 1000 --group authentik; USER 1000; /certs, /media and /authentik/.ssh chowned to it' },
  // TMPDIR is /dev/shm (the runtime's own tmpfs); the worker writes discovered certificates and SSH known hosts.
  writablePaths: ['/authentik/.ssh', '/certs', '/tmp'],
  dataDirectory: '/media',
  entrypoint: ['dumb-init', '--', 'ak'],
  cmd: [],
  ports: [
    { name: 'http', port: 9000 },
    { name: 'https', port: 9443 },
    { name: 'metrics', port: 9300 },
  ],
  healthCheck: { test: { kind: 'exec', command: ['ak', 'healthcheck'] }, source: 'the Dockerfile’s HEALTHCHECK CMD ["ak", "healthcheck"]' },
  // authentik's readiness endpoint (docs.goauthentik.io, monitoring), for dependents.
  remoteCheck: { image: GATE_IMAGE, command: ['wget', '-q', '-T', '2', '-O', '/dev/null', 'http://{{berth.host}}:{{berth.port}}/-/health/ready/'] },
  credentialEnv: ['AUTHENTIK_SECRET_KEY', 'AUTHENTIK_POSTGRESQL__PASSWORD'],
  requiredSecretEnv: [{ env: 'AUTHENTIK_SECRET_KEY', why: 'it signs sessions and encrypts stored secrets: server and worker must share one, kept across restarts' }],
  component: 'identity',
  minimumMemoryMi: 512,
};

const N8N_HOSTING = 'https://github.com/n8n-io/n8n-hosting/blob/main';

export const n8n: ImageEntry = {
  repositories: ['docker.n8n.io/n8nio/n8n', 'n8nio/n8n'],
  description: 'n8n workflow automation (main, worker and webhook processes)',
  sources: ['https://github.com/n8n-io/n8n/blob/master/docker/images/n8n/Dockerfile', `${N8N_HOSTING}/charts/n8n/values.yaml`, `${N8N_HOSTING}/charts/n8n/README.md`],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: USER node (1000:1000 in the node base image); n8n’s own Helm chart runs it as 1000:1000, fsGroup 1000' },
  writablePaths: ['/tmp'],
  dataDirectory: '/home/node/.n8n',
  entrypoint: ['tini', '--', '/docker-entrypoint.sh'],
  cmd: [],
  ports: [{ name: 'http', port: 5678 }],
  healthCheck: { test: { kind: 'http', path: '/healthz', port: 5678 }, source: 'n8n’s own Helm chart (n8n-hosting charts/n8n): liveness GET /healthz on the main port' },
  credentialEnv: ['N8N_ENCRYPTION_KEY', 'DB_POSTGRESDB_PASSWORD', 'N8N_RUNNERS_AUTH_TOKEN'],
  requiredSecretEnv: [{ env: 'N8N_ENCRYPTION_KEY', why: 'without it each instance generates its own key in ~/.n8n, and the credentials one stored cannot be read by another' }],
  component: 'automation',
  internet: [{ port: 443, why: 'workflows call outside APIs' }],
};

export const n8nRunners: ImageEntry = {
  repositories: ['n8nio/runners', 'docker.n8n.io/n8nio/runners'],
  description: 'n8n task runners (JavaScript and Python code nodes), beside an n8n main or worker',
  sources: ['https://github.com/n8n-io/n8n/blob/master/docker/images/runners/Dockerfile'],
  user: { uid: 1000, gid: 1000, source: 'Dockerfile: addgroup -g 1000 -S runner; adduser -u 1000 -S -G runner runner; USER runner' },
  writablePaths: ['/tmp'],
  entrypoint: ['tini', '--', '/usr/local/bin/task-runner-launcher'],
  cmd: ['javascript', 'python'],
  ports: [{ name: 'health', port: 5680 }],
  component: 'automation',
};

const MASTODON = 'https://github.com/mastodon/mastodon/blob/main';
const mastodonUser: ImageUser = { uid: 991, gid: 991, source: 'Dockerfile: ARG UID="991" GID="991"; useradd -u 991 -g 991 mastodon; USER mastodon' };

export const mastodon: ImageEntry = {
  repositories: ['ghcr.io/mastodon/mastodon', 'tootsuite/mastodon'],
  description: 'Mastodon (Rails web and Sidekiq)',
  sources: [`${MASTODON}/Dockerfile`, `${MASTODON}/docker-compose.yml`, 'https://docs.joinmastodon.org/admin/config/'],
  user: mastodonUser,
  // Puma's pid and Rails' cache; uploads go to public/system unless S3 is set.
  writablePaths: ['/opt/mastodon/tmp', '/tmp'],
  dataDirectory: '/mastodon/public/system',
  entrypoint: ['/usr/bin/tini', '--'],
  cmd: [],
  ports: [{ name: 'http', port: 3000 }],
  credentialEnv: ['SECRET_KEY_BASE', 'OTP_SECRET', 'VAPID_PRIVATE_KEY', 'DB_PASS', 'SMTP_PASSWORD', 'AWS_SECRET_ACCESS_KEY'],
  component: 'web',
  internet: [{ port: 443, why: 'federation: it fetches from and delivers to other servers over HTTPS' }],
};

export const mastodonStreaming: ImageEntry = {
  repositories: ['ghcr.io/mastodon/mastodon-streaming', 'tootsuite/mastodon-streaming'],
  description: 'Mastodon streaming API (Node.js)',
  sources: [`${MASTODON}/streaming/Dockerfile`, `${MASTODON}/docker-compose.yml`],
  user: mastodonUser,
  writablePaths: ['/tmp'],
  entrypoint: ['/usr/bin/tini', '--'],
  cmd: ['node', './streaming/index.js'],
  ports: [{ name: 'http', port: 4000 }],
  healthCheck: { test: { kind: 'http', path: '/api/v1/streaming/health', port: 4000 }, source: 'mastodon’s docker-compose.yml health check of the streaming service' },
  component: 'web',
};

const PENPOT = 'https://github.com/penpot/penpot/blob/develop/docker/images';
const penpotUser: ImageUser = { uid: 1001, gid: 1001, source: 'Dockerfile: useradd -U -M -u 1001 penpot; USER penpot:penpot' };

export const penpotFrontend: ImageEntry = {
  repositories: ['penpotapp/frontend'],
  description: 'Penpot frontend (nginx serving the app and proxying the backend, exporter and MCP)',
  sources: [`${PENPOT}/Dockerfile.frontend`, `${PENPOT}/files/nginx-entrypoint.sh`, `${PENPOT}/files/nginx.conf.template`],
  user: { uid: 1001, gid: 1001, source: 'Dockerfile.frontend: USER penpot:penpot (1001); /etc/nginx, /var/cache/nginx and /var/www chowned 1001:0, g+w' },
  // nginx.conf puts its pid and temp paths in /tmp.
  writablePaths: ['/tmp', '/var/cache/nginx'],
  // The entrypoint writes /etc/nginx/nginx.conf and two overrides directories, and the flags into js/config.js.
  writableCopies: ['/etc/nginx', '/var/www/app/js'],
  entrypoint: ['/bin/bash', '/entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  entrypointDoes: 'the entrypoint renders /etc/nginx/nginx.conf and the backend, exporter and MCP addresses, and writes the flags into /var/www/app/js/config.js',
  ports: [{ name: 'http', port: 8080 }],
  component: 'web',
  defaultSettings: {
    PENPOT_BACKEND_URI: 'http://penpot-backend:6060',
    PENPOT_EXPORTER_URI: 'http://penpot-exporter:6061',
    PENPOT_MCP_URI: 'http://penpot-mcp:4401',
    PENPOT_MCP_URI_WS: 'http://penpot-mcp:4402',
  },
};

export const penpotBackend: ImageEntry = {
  repositories: ['penpotapp/backend'],
  description: 'Penpot backend (JVM API and websocket notifications)',
  sources: [`${PENPOT}/Dockerfile.backend`, `${PENPOT}/docker-compose.yaml`],
  user: penpotUser,
  writablePaths: ['/tmp'],
  dataDirectory: '/opt/data/assets',
  entrypoint: [],
  cmd: ['/bin/bash', 'run.sh'],
  ports: [{ name: 'http', port: 6060 }],
  credentialEnv: ['PENPOT_SECRET_KEY', 'PENPOT_DATABASE_PASSWORD', 'PENPOT_SMTP_PASSWORD'],
  component: 'app',
  minimumMemoryMi: 1024,
};

export const penpotExporter: ImageEntry = {
  repositories: ['penpotapp/exporter'],
  description: 'Penpot exporter (headless browser rendering exports)',
  sources: [`${PENPOT}/Dockerfile.exporter`, `${PENPOT}/files/nginx-entrypoint.sh`],
  user: penpotUser,
  writablePaths: ['/tmp'],
  entrypoint: [],
  cmd: ['node', 'app.js'],
  ports: [{ name: 'http', port: 6061 }],
  credentialEnv: ['PENPOT_SECRET_KEY'],
  component: 'app',
  minimumMemoryMi: 512,
};

export const penpotMcp: ImageEntry = {
  repositories: ['penpotapp/mcp'],
  description: 'Penpot MCP server',
  sources: [`${PENPOT}/Dockerfile.mcp`, `${PENPOT}/files/nginx-entrypoint.sh`],
  user: penpotUser,
  writablePaths: ['/tmp'],
  entrypoint: [],
  cmd: ['node', 'index.js', '--multi-user'],
  ports: [
    { name: 'http', port: 4401 },
    { name: 'ws', port: 4402 },
  ],
  component: 'app',
};

export const netbox: ImageEntry = {
  repositories: ['netboxcommunity/netbox', 'ghcr.io/netbox-community/netbox'],
  description: 'NetBox on NGINX Unit (netbox-docker)',
  sources: [
    'https://github.com/netbox-community/netbox-docker/blob/release/Dockerfile',
    'https://github.com/netbox-community/netbox-docker/blob/release/docker/launch-netbox.sh',
    'https://github.com/netbox-community/netbox-chart/blob/main/charts/netbox/values.yaml',
  ],
  user: {
    uid: 1000,
    gid: 1000,
    rootByDefault: true,
    source: 'the image has no USER (compose runs it as unit:root); the netbox-community Helm chart runs it as 1000:1000 with a read-only root',
  },
  // Unit's control socket, pid, state and temp files (launch-netbox.sh), and Python's temp files.
  writablePaths: ['/opt/unit', '/tmp'],
  dataDirectory: '/opt/netbox/netbox/media',
  entrypoint: ['/usr/bin/tini', '--'],
  cmd: ['/opt/netbox/docker-entrypoint.sh', '/opt/netbox/launch-netbox.sh'],
  entrypointDoes: 'docker-entrypoint.sh (the CMD) waits for the database, migrates it and creates the superuser',
  ports: [{ name: 'http', port: 8080 }],
  healthCheck: { test: { kind: 'http', path: '/login/', port: 8080 }, source: 'netbox-docker’s docker-compose.yml health check (curl -f http://localhost:8080/login/)' },
  credentialEnv: ['SECRET_KEY', 'DB_PASSWORD', 'REDIS_PASSWORD', 'REDIS_CACHE_PASSWORD', 'SUPERUSER_PASSWORD', 'SUPERUSER_API_TOKEN', 'EMAIL_PASSWORD'],
  component: 'web',
  minimumMemoryMi: 512,
};

export const plausible: ImageEntry = {
  repositories: ['ghcr.io/plausible/community-edition', 'plausible/analytics'],
  description: 'Plausible Analytics (community edition)',
  sources: ['https://github.com/plausible/analytics/blob/master/Dockerfile', 'https://github.com/plausible/community-edition/blob/v2.1.3/compose.yml'],
  user: { uid: 999, gid: 65533, source: 'Dockerfile: adduser -S -H -u 999 -G nogroup plausible (nogroup is 65533 on Alpine); USER 999' },
  writablePaths: ['/tmp'],
  dataDirectory: '/var/lib/plausible',
  entrypoint: ['/entrypoint.sh'],
  cmd: ['run'],
  ports: [{ name: 'http', port: 8000 }],
  credentialEnv: ['SECRET_KEY_BASE', 'TOTP_VAULT_KEY', 'DATABASE_URL', 'SMTP_USER_PWD', 'GOOGLE_CLIENT_SECRET'],
  component: 'web',
};

const mattermostUser: ImageUser = { uid: 2000, gid: 2000, source: 'Dockerfile: ARG PUID=2000 PGID=2000; useradd --uid 2000 --gid 2000 mattermost; USER mattermost' };

export const mattermost: ImageEntry = {
  repositories: ['mattermost/mattermost-enterprise-edition', 'mattermost/mattermost-team-edition'],
  description: 'Mattermost server',
  sources: ['https://github.com/mattermost/mattermost/blob/master/server/build/Dockerfile', 'https://github.com/mattermost/docker/blob/main/docker-compose.yml'],
  user: mattermostUser,
  // Each is a VOLUME of the image; compose mounts them all, and the server writes config.json into config.
  writablePaths: ['/mattermost/bleve-indexes', '/mattermost/client/plugins', '/mattermost/config', '/mattermost/logs', '/mattermost/plugins', '/tmp'],
  dataDirectory: '/mattermost/data',
  entrypoint: [],
  cmd: ['mattermost'],
  ports: [
    { name: 'http', port: 8065 },
    { name: 'metrics', port: 8067 },
  ],
  healthCheck: { test: { kind: 'http', path: '/api/v4/system/ping', port: 8065 }, source: 'the Dockerfile’s HEALTHCHECK (curl -f http://localhost:8065/api/v4/system/ping)' },
  credentialEnv: ['MM_SQLSETTINGS_DATASOURCE'],
  component: 'web',
  minimumMemoryMi: 512,
};

const ZAMMAD = 'https://github.com/zammad/zammad/blob/develop/contrib/docker';

export const zammad: ImageEntry = {
  repositories: ['ghcr.io/zammad/zammad', 'zammad/zammad-docker-compose'],
  description: 'Zammad helpdesk (one image: nginx, railsserver, websocket, scheduler, init and backup by command)',
  sources: ['https://github.com/zammad/zammad/blob/develop/Dockerfile', `${ZAMMAD}/setup.sh`, `${ZAMMAD}/docker-entrypoint.sh`],
  user: { uid: 1000, gid: 1000, source: 'setup.sh: groupadd -g 1000 zammad; useradd -u 1000 -g 1000 zammad; the Dockerfile’s USER zammad:zammad names it' },
  // Rails' tmp and log, nginx's body buffers and logs (the pid is /tmp/nginx.pid).
  writablePaths: ['/opt/zammad/log', '/opt/zammad/tmp', '/tmp', '/var/lib/nginx', '/var/log/nginx'],
  // zammad-nginx writes conf.d/resolver.conf and sites-enabled/default beside the nginx.conf the image ships.
  writableCopies: ['/etc/nginx'],
  dataDirectory: '/opt/zammad/storage',
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: [],
  entrypointDoes:
    'docker-entrypoint.sh builds DATABASE_URL from POSTGRESQL_*, waits for migrations, and starts the process its argument names (zammad-railsserver, zammad-nginx, ...)',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'rails', port: 3000 },
    { name: 'websocket', port: 6042 },
  ],
  credentialEnv: ['POSTGRESQL_PASS', 'REDIS_PASSWORD', 'ELASTICSEARCH_PASS', 'AUTOWIZARD_JSON'],
  component: 'web',
  minimumMemoryMi: 512,
  // docker-entrypoint.sh's defaults for the hosts it reaches.
  defaultSettings: {
    POSTGRESQL_HOST: 'postgres://zammad-postgresql:5432',
    ELASTICSEARCH_HOST: 'http://zammad-elasticsearch:9200',
    ZAMMAD_RAILSSERVER_HOST: 'http://zammad-railsserver:3000',
    ZAMMAD_WEBSOCKET_HOST: 'http://zammad-websocket:6042',
  },
};

export const apps: readonly ImageEntry[] = [
  immichServer,
  immichMachineLearning,
  authentik,
  n8n,
  n8nRunners,
  mastodon,
  mastodonStreaming,
  penpotFrontend,
  penpotBackend,
  penpotExporter,
  penpotMcp,
  netbox,
  plausible,
  mattermost,
  zammad,
];
