// support-ingest: inbound e-mail arrives here and is put on the support queue, with the
// trace context in the message headers.
import path from 'node:path';
import { addFields, produce } from '@flashlight/node';
import { HttpFailure, startJsonService } from './json-service.ts';
import { SUPPORT_QUEUE_FILE, SUPPORT_TOPIC } from './shop-data.ts';
import { shopEnv } from './service-env.ts';
import { appendMessage } from './file-queue.ts';

const { topology, dataDir } = shopEnv();
const queueFile = path.join(dataDir, SUPPORT_QUEUE_FILE);

await startJsonService(topology.services['support-ingest'], {
  'POST /inbound': async ({ body }) => {
    const mail = body as { from?: string; subject?: string; userId?: string };
    if (!mail?.from || !mail.subject) throw new HttpFailure(400, 'inbound mail needs from and subject');
    addFields({ 'user.id': mail.userId ?? 'unknown', 'mail.subject_length': mail.subject.length });
    await produce(SUPPORT_TOPIC, (headers) => appendMessage(queueFile, { headers, payload: mail }), { system: 'file-queue' });
    return { queued: true };
  },
});
