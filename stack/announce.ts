/** Tells the endpoint what feeds the pipeline from outside it (nginx and the agent), for its pipeline view. */

export interface AnnouncedSource {
  stream: string;
  region: string;
  agentStatusUrl?: string;
  nginxUrl: string;
  accessLog: string;
}

/** `POST /_hosepipe/sources`; the view is a convenience, so a refusal is reported through `log`, never thrown. */
export async function announceSource(endpoint: string, source: AnnouncedSource, log: (line: string) => void): Promise<void> {
  try {
    const response = await fetch(`${endpoint}/_hosepipe/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(source),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) log(`the endpoint did not take the pipeline's sources for its view: HTTP ${response.status} ${await response.text()}`);
  } catch (error) {
    log(`could not tell the endpoint the pipeline's sources: ${error instanceof Error ? error.message : String(error)}`);
  }
}
