// A base port whose whole block (the shop and its vendors) is free, for tests that run
// the demo beside other servers.
import net from 'node:net';

const BLOCK = 20;
// Below Linux's ephemeral range (32768 and up), where every outgoing connection of the
// other tests takes a port and could take one of ours between this check and the listen.
const LOWEST = 20_000;
const BLOCKS = Math.floor((32_768 - LOWEST) / BLOCK);

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * BLOCKS) * BLOCK;
    const checks = await Promise.all(Array.from({ length: BLOCK }, (_, i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the demo');
}
