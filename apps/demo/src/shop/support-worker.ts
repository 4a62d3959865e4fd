// support-worker: takes mail off the support queue and answers through the outbound
// mail vendor. Its consumer span links back to (and continues) the producer's trace.
import path from 'node:path';
import { consume } from '@flashlight/node';
import { SUPPORT_QUEUE_FILE, SUPPORT_TOPIC } from './shop-data.ts';
import { shopEnv, sleep } from './service-env.ts';
import { readNewMessages } from './file-queue.ts';
import { vendorCall } from './vendor-calls.ts';

const { topology, dataDir } = shopEnv();
const queueFile = path.join(dataDir, SUPPORT_QUEUE_FILE);

for (;;) {
  const { messages, commit } = readNewMessages(queueFile);
  for (const message of messages) {
    const mail = message.payload as { from: string; subject: string };
    await consume(
      SUPPORT_TOPIC,
      message.headers,
      () =>
        vendorCall(topology, 'mail', 'send', '/send', { to: mail.from, subject: 'Re: ' + mail.subject }, { timeoutMs: 2000, retries: 2 }).catch(
          () => undefined,
        ),
      { system: 'file-queue', childOfProducer: true },
    );
  }
  commit();
  await sleep(500);
}
