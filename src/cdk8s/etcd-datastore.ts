import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { renderDatastore, type RenderedDatastore } from '../render/datastore';
import type { ResolvedCluster } from '../spec/resolved';
import { toApiObject } from './api-objects';

/** Props of {@link EtcdDatastore}. */
export interface EtcdDatastoreProps {
  /** The resolved cluster description; it must not name an existing DataStore. */
  readonly resolved: ResolvedCluster;
}

/**
 * A dedicated etcd for one tenant cluster: etcd-operator EtcdCluster, cert-manager Issuers and Certificates,
 * a Kamaji DataStore wired to them, and the hourly defragmentation CronJob.
 */
export class EtcdDatastore extends Construct {
  /** Name of the cluster-scoped Kamaji DataStore (`<namespace>-kubernetes-<name>`). */
  public readonly dataStoreName: string;
  /** `etcd.aenix.io/v1alpha1` EtcdCluster `kubernetes-<name>-etcd`. */
  public readonly etcdCluster: ApiObject;
  /** `kamaji.clastix.io/v1alpha1` DataStore. */
  public readonly dataStore: ApiObject;
  /** cert-manager Issuers and Certificates of the etcd PKI. */
  public readonly pki: readonly ApiObject[];
  /** The defragmentation CronJob, unless `etcd.defrag` is false. */
  public readonly defragCronJob: ApiObject | undefined;

  /** @param group the datastore as the cluster already rendered it (passed by `TenantKubernetesCluster`); omit it to render here */
  public constructor(scope: Construct, id: string, props: EtcdDatastoreProps, group?: RenderedDatastore) {
    super(scope, id);
    const rendered = group ?? renderDatastore(props.resolved);
    if (rendered === undefined) {
      throw new Error(`tenant ${props.resolved.namespace} names DataStore "${props.resolved.dataStoreName}": no dedicated etcd is rendered`);
    }
    this.dataStoreName = props.resolved.dataStoreName;
    this.pki = rendered.pki.map((o) => toApiObject(this, `${o.kind}-${o.metadata.name}`, o));
    this.etcdCluster = toApiObject(this, 'EtcdCluster', rendered.etcdCluster);
    this.dataStore = toApiObject(this, 'DataStore', rendered.dataStore);
    this.defragCronJob = rendered.defragCronJob ? toApiObject(this, 'DefragCronJob', rendered.defragCronJob) : undefined;
  }
}
