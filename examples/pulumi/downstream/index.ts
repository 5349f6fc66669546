// A downstream stack: a tenant cluster's kubeconfig through a StackReference, a namespace created in it.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const platform = new pulumi.StackReference(config.require('platformStack'));

const tenant = new k8s.Provider('tenant', {
  kubeconfig: platform.requireOutput('prodKubeconfig') as pulumi.Output<string>,
  // The same identifier as the platform stack's provider: rotated credentials update it, never replace it.
  clusterIdentifier: platform.requireOutput('prodClusterIdentifier') as pulumi.Output<string>,
});

const apps = new k8s.core.v1.Namespace('apps', { metadata: { name: config.get('namespace') ?? 'apps' } }, { provider: tenant });

export const namespace = apps.metadata.name;
