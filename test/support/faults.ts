// Faults on demand for the tests and the soak: a TCP proxy on loopback in front of PostgreSQL that can be cut and
// restored, and a client that delivers a webhook as Twilio does, trying again on anything but a 2xx.
import net, { type AddressInfo } from "node:net";

export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones, as a database that has gone away. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The URL of the same database, reached through the proxy. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(proxy.port);
  return parsed.toString();
}

export interface Attempt {
  status: number;
  body: string;
}

/**
 * Sends until a 2xx, as Twilio does with the connection overrides README gives (#rc=5&rp=all, and more here):
 * resolves to the answer Twilio would act on, or null if every try failed.
 */
export async function deliverLikeTwilio(send: () => Promise<Attempt>, tries = 10, waitMs = 500): Promise<Attempt | null> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const answer = await send().catch(() => null); // a refused or dropped connection: try again
    if (answer && answer.status >= 200 && answer.status < 300) return answer;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  return null;
}
