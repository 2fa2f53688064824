import type { DeliverySettings } from '../lib/constructs/delivery';
import type { System } from '../lib/model/types';
import { enterpriseScanner } from './enterprise-scanner';
import { marcusEcommerce } from './marcus-ecommerce';
import { marketDataPlatform } from './market-data-platform';
import { marketnavigator } from './marketnavigator';

/** Every system berth synthesizes, in output order. */
export const systems: readonly System[] = [marketnavigator, marcusEcommerce, marketDataPlatform, enterpriseScanner];

/** Where Argo CD pulls `dist/` from. Change repoURL/targetRevision to your GitOps repository and branch. */
export const delivery: DeliverySettings = {
  repoURL: 'https://github.com/kareone/berth-gitops.git',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
  project: 'berth',
};
