import * as path from 'path';
import type { DeliverySettings } from '../lib/constructs/delivery';
import type { System } from '../lib/model/types';
import { loadReleases } from '../lib/releases/file';
import { enterpriseScanner } from './enterprise-scanner';
import { marcusEcommerce } from './marcus-ecommerce';
import { marketDataPlatform } from './market-data-platform';
import { marketnavigator } from './marketnavigator';

/** Every system berth synthesizes, in output order, as its chart describes it: repositories, no tags. */
export const charts: readonly System[] = [marketnavigator, marcusEcommerce, marketDataPlatform, enterpriseScanner];

/** `releases/<system>.yaml`: the tag of each image each environment runs, written by `berth release` and `berth promote`. */
export const RELEASES_DIR = path.join(__dirname, '..', 'releases');

/** Every system berth synthesizes, with each environment's release. */
export const systems: readonly System[] = loadReleases(charts, RELEASES_DIR);

/** Where Argo CD pulls `dist/` from. Change repoURL/targetRevision to your GitOps repository and branch. */
export const delivery: DeliverySettings = {
  repoURL: 'https://github.com/kareone/berth-gitops.git',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
  project: 'berth',
};
