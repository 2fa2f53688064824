import { apps } from './apps';
import { brokers } from './brokers';
import { databases } from './databases';
import { observability } from './observability';
import { storage } from './storage';
import type { ImageEntry } from './types';
import { web } from './web';

/**
 * Every image berth knows, by family (one file each). Add an entry to its family's list; `findImage` and the
 * validate rules pick it up from here.
 */
export const catalog: readonly ImageEntry[] = [...databases, ...brokers, ...storage, ...web, ...observability, ...apps];
