// The platform lines, by release. The one place a release string is turned into facts.
import { PLATFORM_RELEASES, PlatformRelease, type PlatformLine } from './types';
import { V0_37 } from './v0-37';
import { V1_5 } from './v1-5';

export { PLATFORM_RELEASES, PlatformRelease };
export type {
  AddonDependency,
  ChartSourceKind,
  LineAddon,
  LineAddonCatalogue,
  LineAddonValues,
  LineChartSource,
  LineKubernetesVersion,
  PlatformLine,
} from './types';

/** Every platform line, by release. */
export const PLATFORM_LINES: { readonly [R in PlatformRelease]: PlatformLine } = Object.freeze({ 'v0.37': V0_37, 'v1.5': V1_5 });

/** The release a description gets when `platform.release` is not given. */
export const DEFAULT_PLATFORM_RELEASE: PlatformRelease = 'v1.5';

/** The platform line of a release. */
export function platformLine(release: PlatformRelease): PlatformLine {
  return PLATFORM_LINES[release];
}
