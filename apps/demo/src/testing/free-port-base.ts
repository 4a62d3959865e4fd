// A base port whose whole block (the shop and its vendors) is free, for tests that run
// the demo beside other servers.
import net from 'node:net';

const BLOCK = 20;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 2000) * BLOCK;
    const checks = await Promise.all(Array.from({ length: BLOCK }, (_, i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the demo');
}
