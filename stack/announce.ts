/** Tells the endpoint what feeds the pipeline from outside it (nginx and the agent), for its pipeline view. */
import { request } from 'node:http';

export interface AnnouncedSource {
  stream: string;
  region: string;
  agentStatusUrl?: string;
  nginxUrl: string;
  accessLog: string;
}

const ANNOUNCE_TIMEOUT_MS = 5_000;

/**
 * `POST /_hosepipe/sources`; the view is a convenience, so a refusal is reported through `log`, never thrown.
 * Sent with node:http, not fetch: the endpoint's supervisor makes this call as it starts, and fetch would load
 * undici for it (tens of milliseconds, and megabytes it then keeps while idle).
 */
export async function announceSource(endpoint: string, source: AnnouncedSource, log: (line: string) => void): Promise<void> {
  const body = Buffer.from(JSON.stringify(source));
  try {
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const sent = request(new URL('/_hosepipe/sources', endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        signal: AbortSignal.timeout(ANNOUNCE_TIMEOUT_MS),
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      sent.on('error', reject);
      sent.end(body);
    });
    if (answer.status < 200 || answer.status > 299) log(`the endpoint did not take the pipeline's sources for its view: HTTP ${answer.status} ${answer.text}`);
  } catch (error) {
    log(`could not tell the endpoint the pipeline's sources: ${error instanceof Error ? error.message : String(error)}`);
  }
}
