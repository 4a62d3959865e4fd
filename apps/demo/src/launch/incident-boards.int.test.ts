// The incident boards against a real server: created once, and not duplicated when the
// demo starts again.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { ensureIncidentBoards, INCIDENT_BOARDS } from './incident-boards.ts';

let server: TempServer;

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' });
});

afterAll(async () => {
  await server?.dispose();
});

test('each incident gets one board, and a second start adds none', async () => {
  const logged: string[] = [];
  await ensureIncidentBoards(server.url, (line) => logged.push(line));
  await ensureIncidentBoards(server.url, (line) => logged.push(line));
  expect(logged).toEqual([]);
  const boards = (await (await fetch(`${server.url}/api/v1/boards`)).json()) as { name: string; queries: unknown[] }[];
  expect(boards.map((b) => b.name)).toEqual(INCIDENT_BOARDS.map((b) => b.name));
  expect(boards.every((b) => b.queries.length > 0)).toBe(true);
});
