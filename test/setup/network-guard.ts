// Tests must never leave this machine: every socket is refused unless it goes to loopback.
// Opt-in live tests (DEPVET_LIVE_TESTS=1) may reach the npm registry only.
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const liveHosts = process.env.DEPVET_LIVE_TESTS === '1' ? new Set(['registry.npmjs.org']) : new Set<string>();

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return hostOf(first);
  if (first && typeof first === 'object') {
    const opts = first as { host?: string; path?: string };
    if (opts.path && !opts.host) return 'unix-socket';
    return opts.host ?? 'localhost';
  }
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (typeof first === 'string') return 'unix-socket';
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && host !== 'unix-socket' && !LOOPBACK.test(host) && !liveHosts.has(host)) {
    throw new Error(`network guard: test tried to reach ${host}; tests may only use 127.0.0.1`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
