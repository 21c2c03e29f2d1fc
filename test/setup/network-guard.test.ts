// The guard every test runs under: a socket to anything but loopback fails before a packet leaves.
import http from 'node:http';
import net from 'node:net';

it('refuses a connection to a non-loopback host before connecting', () => {
  expect(() => net.connect({ host: 'pypi.org', port: 443 })).toThrow(/network guard: test tried to reach pypi\.org/);
  expect(() => http.get('http://api.osv.dev/v1/query')).toThrow(/network guard/);
});

it('allows loopback', async () => {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve, reject) => net.connect({ host: '127.0.0.1', port }).on('connect', resolve).on('error', reject));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
