// identity: users and their teams. One enterprise team holds a quarter of the users.
import { addFields } from '@flashlight/node';
import { openEmbeddedDb } from './embedded-db.ts';
import { HttpFailure, startJsonService } from './json-service.ts';
import { shopEnv, sleep, lognormalMs } from './service-env.ts';
import { ENTERPRISE_TEAM } from '../incidents.ts';
import { USER_COUNT, teamOfUser } from './shop-data.ts';

const { topology } = shopEnv();
// The seed is the shop's own constant data, so it is written as SQL text directly.
const users = Array.from({ length: USER_COUNT }, (_, n) => {
  const team = teamOfUser(n);
  return `('u${n}', 'User ${n}', '${team}', '${team === ENTERPRISE_TEAM ? 'enterprise' : 'team'}')`;
});
const db = await openEmbeddedDb('identity', [
  'CREATE TABLE users (id VARCHAR PRIMARY KEY, name VARCHAR, team VARCHAR, plan VARCHAR)',
  `INSERT INTO users VALUES ${users.join(', ')}`,
]);

await startJsonService(topology.services.identity, {
  'GET /users/:id': async ({ params }) => {
    await sleep(lognormalMs(3));
    const [user] = await db.all('SELECT id, name, team, plan FROM users WHERE id = $1', [params.id]);
    if (!user) throw new HttpFailure(404, `no user ${params.id}`);
    addFields({ 'user.id': params.id, 'app.team': user.team as string });
    return user;
  },
});
