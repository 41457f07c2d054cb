import { IncomingMessage } from 'node:http';

/**
 * A fresh request with the same line and headers as `original` but a rewritten body, for engines
 * that read the body themselves. `headers` are merged over the original ones (undefined removes).
 */
export function replayRequest(original: IncomingMessage, body: Buffer, headers: Record<string, string | undefined> = {}): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method;
  replay.url = original.url;
  replay.httpVersion = original.httpVersion;
  replay.httpVersionMajor = original.httpVersionMajor;
  replay.httpVersionMinor = original.httpVersionMinor;
  const merged: Record<string, string | string[] | undefined> = { ...original.headers, 'content-length': String(body.length) };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  delete merged['transfer-encoding'];
  replay.headers = merged as IncomingMessage['headers'];
  replay.rawHeaders = Object.entries(merged).flatMap(([name, value]) => [name, String(value)]);
  // Marked complete, or Node treats the end of this stand-in as an aborted request and destroys the socket.
  replay.complete = true;
  replay._read = () => {};
  replay.push(body);
  replay.push(null);
  return replay;
}
