// Validation of the built-in addon toggles (`addons`).
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import type { ResolvedAddons, ResolvedToggledAddon } from './resolved';
import type { IngressNginxExposeMethod } from './types';
import { TOGGLED_KEYS, ALWAYS_ON_KEYS, GATEWAY_API_KEYS, INGRESS_NGINX_KEYS } from './field-keys';
import { INGRESS_HOST } from './string-rules';

const EXPOSE_METHODS: readonly IngressNginxExposeMethod[] = ['Proxied', 'LoadBalancer'];

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

export function resolveAddons(c: ProblemCollector, f: Fields): ResolvedAddons {
  const gw = check.object(c, 'addons.gatewayAPI', f.gatewayAPI, GATEWAY_API_KEYS) ?? {};
  const ing = check.object(c, 'addons.ingressNginx', f.ingressNginx, INGRESS_NGINX_KEYS) ?? {};
  const hosts = (check.list(c, 'addons.ingressNginx.hosts', ing.hosts) ?? []).flatMap((h, i) => {
    const host = check.string(c, child('addons.ingressNginx.hosts', i), h, INGRESS_HOST);
    if (host === undefined && (h === '' || h === null || h === undefined))
      c.add(child('addons.ingressNginx.hosts', i), h, 'must be a non-empty host name');
    return host === undefined ? [] : [host];
  });
  return {
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
  };
}
