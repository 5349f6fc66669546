// Validation of the built-in addon toggles (`addons`), on the platform line's catalogue: a toggle of an addon the line
// lacks is a problem naming the line that has it. The rules between addons that the v1.5 chart enforces at render
// time (HAMi needs the GPU Operator, ouroboros needs ingress-nginx and Gateway API for its Gateway API mode) are
// validation problems here, collected with every other.
import * as check from './checks';
import { child, isPlainObject } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { BUILT_IN_ADDON_TOGGLES, lineAddonKeys, releasesWithAddon } from './addon-graph';
import { BUILT_IN_ADDON_IDS } from './addon-ids';
import type { PlatformLine } from './platform-lines';
import type { ResolvedAddons, ResolvedToggledAddon } from './resolved';
import { IngressNginxExposeMethod } from './types';
import { ADDON_KEYS, TOGGLED_KEYS, ALWAYS_ON_KEYS, GATEWAY_API_KEYS, INGRESS_NGINX_KEYS } from './field-keys';
import { INGRESS_HOST } from './string-rules';

const EXPOSE_METHODS: readonly IngressNginxExposeMethod[] = Object.values(IngressNginxExposeMethod);

const OFF: ResolvedToggledAddon = Object.freeze({ enabled: false, valuesOverride: Object.freeze({}) });

function toggled(c: ProblemCollector, path: string, raw: unknown): ResolvedToggledAddon {
  const f = check.object(c, path, raw, TOGGLED_KEYS) ?? {};
  return {
    enabled: check.boolean(c, child(path, 'enabled'), f.enabled) ?? DEFAULTS.addonEnabled,
    valuesOverride: check.values(c, child(path, 'valuesOverride'), f.valuesOverride),
  };
}

function alwaysOn(c: ProblemCollector, path: string, raw: unknown): { valuesOverride: Readonly<Record<string, unknown>> } {
  const f = check.object(c, path, raw, ALWAYS_ON_KEYS) ?? {};
  return { valuesOverride: check.values(c, child(path, 'valuesOverride'), f.valuesOverride) };
}

/**
 * The fields of `addons` the line has. A key of another line's addon is a problem naming that line (and is left out),
 * so a typo's "expected one of" lists the line's own keys only.
 */
function lineFields(c: ProblemCollector, raw: unknown, line: PlatformLine): check.Fields {
  const keys = lineAddonKeys(line, ADDON_KEYS);
  if (!isPlainObject(raw)) return check.object(c, 'addons', raw, keys) ?? {};
  const own = Object.fromEntries(Object.entries(raw).filter(([key]) => keys.includes(key) || !(ADDON_KEYS as readonly string[]).includes(key)));
  for (const [key, value] of Object.entries(raw)) {
    if (keys.includes(key) || !(ADDON_KEYS as readonly string[]).includes(key)) continue;
    if (value !== undefined && value !== null) {
      const releases = [...new Set(BUILT_IN_ADDON_IDS.filter((id) => BUILT_IN_ADDON_TOGGLES[id] === key).flatMap(releasesWithAddon))];
      c.add(
        child('addons', key),
        value,
        `is not an addon of platform release ${line.release} (${line.cozystack}); platform release ${releases.join(', ')} has it (platform.release)`,
      );
    }
  }
  return check.object(c, 'addons', own, keys) ?? {};
}

/** Go templates' truthiness of a string as the v1.5 chart tests it: `toString | lower` is true, 1, yes, on or y. */
function chartTruthy(value: unknown): boolean {
  return ['true', '1', 'yes', 'on', 'y'].includes(String(value).toLowerCase());
}

/** The rules between addons (delta §1.6.6, §1.6.7), on the values as the user wrote them. */
function addonRules(c: ProblemCollector, addons: ResolvedAddons, line: PlatformLine): void {
  if (line.addons.hami !== undefined && addons.hami.enabled && !addons.gpuOperator.enabled) {
    c.add(
      'addons.hami.enabled',
      true,
      'requires addons.gpuOperator.enabled: HAMi shares out the GPUs whose drivers the NVIDIA GPU Operator installs, and has no GPUs to share without it',
    );
  }
  if (line.addons.ouroboros === undefined) return;
  if (addons.ouroboros.enabled && !addons.ingressNginx.enabled) {
    c.add(
      'addons.ouroboros.enabled',
      true,
      "requires addons.ingressNginx.enabled: ouroboros fixes hairpin NAT for the tenant's ingress-nginx, and has nothing to fix without it",
    );
  }
  // Checked whether ouroboros is on or not, as the chart does: the override is wrong either way.
  const path = 'addons.ouroboros.valuesOverride.ouroboros.controller.gatewayApi.enabled';
  let value: unknown = addons.ouroboros.valuesOverride;
  for (const key of ['ouroboros', 'controller', 'gatewayApi', 'enabled']) value = isPlainObject(value) ? value[key] : undefined;
  if (value !== undefined && value !== null && chartTruthy(value) && !addons.gatewayAPI.enabled) {
    c.add(
      path,
      value,
      'turns the Gateway API mode of ouroboros on, which requires addons.gatewayAPI.enabled on the same cluster: without the Gateway API CRDs the controller never syncs its caches and crash-loops. Enable addons.gatewayAPI, or drop this override (by default the mode follows addons.gatewayAPI.enabled)',
    );
  }
}

/** Checks `addons` against the line's catalogue and the rules between addons. */
export function resolveAddons(c: ProblemCollector, raw: unknown, line: PlatformLine): ResolvedAddons {
  const f = lineFields(c, raw, line);
  const gw = check.object(c, 'addons.gatewayAPI', f.gatewayAPI, GATEWAY_API_KEYS) ?? {};
  const ing = check.object(c, 'addons.ingressNginx', f.ingressNginx, INGRESS_NGINX_KEYS) ?? {};
  const hosts = (check.list(c, 'addons.ingressNginx.hosts', ing.hosts) ?? []).flatMap((h, i) => {
    const host = check.string(c, child('addons.ingressNginx.hosts', i), h, INGRESS_HOST);
    if (host === undefined && (h === '' || h === null || h === undefined))
      c.add(child('addons.ingressNginx.hosts', i), h, 'must be a non-empty host name');
    return host === undefined ? [] : [host];
  });
  const addons: ResolvedAddons = {
    certManager: toggled(c, 'addons.certManager', f.certManager),
    cilium: alwaysOn(c, 'addons.cilium', f.cilium),
    gatewayAPI: { enabled: check.boolean(c, 'addons.gatewayAPI.enabled', gw.enabled) ?? DEFAULTS.addonEnabled },
    ingressNginx: {
      enabled: check.boolean(c, 'addons.ingressNginx.enabled', ing.enabled) ?? DEFAULTS.addonEnabled,
      exposeMethod: check.oneOf(c, 'addons.ingressNginx.exposeMethod', ing.exposeMethod, EXPOSE_METHODS) ?? DEFAULTS.exposeMethod,
      hosts,
      valuesOverride: check.values(c, 'addons.ingressNginx.valuesOverride', ing.valuesOverride),
    },
    gpuOperator: toggled(c, 'addons.gpuOperator', f.gpuOperator),
    fluxcd: toggled(c, 'addons.fluxcd', f.fluxcd),
    monitoringAgents: toggled(c, 'addons.monitoringAgents', f.monitoringAgents),
    verticalPodAutoscaler: alwaysOn(c, 'addons.verticalPodAutoscaler', f.verticalPodAutoscaler),
    velero: toggled(c, 'addons.velero', f.velero),
    coredns: alwaysOn(c, 'addons.coredns', f.coredns),
    hami: line.addons.hami === undefined ? OFF : toggled(c, 'addons.hami', f.hami),
    ouroboros: line.addons.ouroboros === undefined ? OFF : toggled(c, 'addons.ouroboros', f.ouroboros),
  };
  addonRules(c, addons, line);
  return addons;
}
