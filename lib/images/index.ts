/**
 * The image catalog: what berth knows about public images that a compose file does not say (README, "Image
 * catalog"). `findImage(ref)` looks an image reference up; `imageEntries()` lists every entry.
 */
export type { ImageEntry, ImageRemoteCheck, ImageUser, ImageVariant } from './types';
export { type ImageRef, imageMatches, parseImage } from './ref';
export { findImage, imageEntries, type ResolvedImage } from './find';
export { dataDirectoryOf, healthCheckOf, httpCheckOf, portOf, remoteScriptOf, requireImage, runAsOf, shellCheckOf } from './require';
