// Counts the sockets a piece of code opens (loopback included, which the network guard lets through), so a test can
// say "no request was tried" or "at most N connections" without reading the clock.
import net from 'node:net';

export async function countConnections<T>(fn: () => Promise<T>): Promise<{ value: T; connections: number }> {
  const connect = net.Socket.prototype.connect;
  let connections = 0;
  net.Socket.prototype.connect = function countedConnect(this: net.Socket, ...args: unknown[]) {
    connections += 1;
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  try {
    return { value: await fn(), connections };
  } finally {
    net.Socket.prototype.connect = connect;
  }
}
