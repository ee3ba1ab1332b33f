import type { Express } from 'express';
import type { AddressInfo } from 'node:net';

/** An app listening on a free loopback port, and how to stop it (open connections included). */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listenOnFreePort(app: Express): Promise<Listening> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
