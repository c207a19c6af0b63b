/**
 * Addresses that are not Discord, on loopback only: a port nobody listens on, a server that
 * accepts connections and never answers, and one that answers every request with an HTML page.
 */
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface DeadEnd {
  readonly apiUrl: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago: connecting to it is refused (ECONNREFUSED). */
export async function refusingApi(): Promise<DeadEnd> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { apiUrl: `http://127.0.0.1:${port}/api`, close: async () => undefined };
}

/** Accepts the connection, reads the request, and never answers: a host behind a black hole. */
export async function silentApi(): Promise<DeadEnd> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A web server, not an API: every path answers `status` with an HTML page (a portal, a typo'd URL). */
export async function htmlApi(status = 200): Promise<DeadEnd> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Welcome</h1></body></html>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
