// Requests to a tenant API server (the Kamaji stand-in's) as its kubeconfig's user: client certificate and CA.
import { request } from 'node:https';
import { parse } from 'yaml';

/** GET on the tenant API server with a kubeconfig's client certificate and CA. */
export function tenantGet(kubeconfig: string, path: string): Promise<{ status: number; body: any }> {
  const cfg = parse(kubeconfig);
  const url = new URL(cfg.clusters[0].cluster.server);
  const user = cfg.users[0].user;
  const b = (s: string) => Buffer.from(s, 'base64');
  return new Promise((resolve, reject) => {
    request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        ca: b(cfg.clusters[0].cluster['certificate-authority-data']),
        cert: b(user['client-certificate-data']),
        key: b(user['client-key-data']),
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    )
      .on('error', reject)
      .end();
  });
}
