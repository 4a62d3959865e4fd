// For tests that kill servers mid-write: whether a `/1/batch` post was acknowledged, the
// only promise a 2xx makes (every event in it is durable).

/** True when the server answered 200 with 202 for every event; a dropped connection is no acknowledgement. */
export async function postAcknowledged(url: string, dataset: string, events: unknown[]): Promise<boolean> {
  try {
    const response = await fetch(`${url}/1/batch/${dataset}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    if (response.status !== 200) return false;
    return ((await response.json()) as { status: number }[]).every((s) => s.status === 202);
  } catch {
    return false; // the connection died with the server: not acknowledged
  }
}
