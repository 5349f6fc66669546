// The plugin folder of the multi-language component (PulumiPlugin.yaml, runtime nodejs). Pulumi's Node.js plugin
// runner loads this module with ts-node and serves every ComponentResource it exports, with a schema inferred from
// the TypeScript types of its arguments and outputs (`@pulumi/pulumi/provider/experimental`).
import { throwAsInputPropertiesError, setInvalidComponentReporter } from '../src/pulumi/report';

// A remote component is built inside one `construct` request: an invalid description fails that request, so that
// the program in the other language fails with the library's problem lines (in a TypeScript program the component
// reports them and lets the program go on to find the others).
setInvalidComponentReporter(throwAsInputPropertiesError);

export { TenantKubernetesCluster } from '../src/pulumi/tenant-kubernetes-cluster';
