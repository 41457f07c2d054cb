/** One thing `hosepipe load` sends: an HTTP request, raw bytes on the HTTP port, or (stream mode) a line. */
export interface LoadItem {
  pattern: 'normal' | 'scanner' | 'garbage' | 'replay';
  /** Appears in the logged line, so the line can be found again. */
  tag: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Raw bytes for the HTTP port instead of a request (binary garbage). */
  raw?: Buffer;
}

const NORMAL_PATHS = ['/', '/index.html', '/api/orders', '/api/users/42', '/static/app.js', '/status/201', '/status/301', '/status/404', '/status/500', '/status/503'];
const SCANNER_PATHS = ['/wp-login.php', '/.env', '/phpmyadmin/index.php', '/cgi-bin/../../../../etc/passwd', '/.git/config', '/actuator/health', '/%3Cscript%3E'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', 'curl/8.5.0', 'Go-http-client/1.1', 'okhttp/4.12.0'];
const SCANNER_AGENTS = ['masscan/1.3', 'zgrab/0.x', 'Nmap Scripting Engine', 'python-requests/2.31'];

/** Pure: a seeded mix of normal requests (90%), scanner probes (8%) and binary garbage (2%). */
export function generateTraffic(count: number, runId: string, seed = 1): LoadItem[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: the same seed gives the same traffic.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, (_, index): LoadItem => {
    const tag = `${runId}-${index}`;
    const roll = next();
    if (roll < 0.02) {
      // A TLS ClientHello start and a few random bytes: nginx answers 400 and logs them escaped.
      const random = Buffer.from(Array.from({ length: 8 }, () => Math.floor(next() * 256)));
      return { pattern: 'garbage', tag, method: '', path: '', headers: {}, raw: Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), Buffer.from(` ${tag} `), random, Buffer.from('\r\n\r\n')]) };
    }
    if (roll < 0.1) {
      return { pattern: 'scanner', tag, method: pick(['GET', 'POST', 'HEAD']), path: `${pick(SCANNER_PATHS)}?hl=${tag}`, headers: { 'user-agent': pick(SCANNER_AGENTS) } };
    }
    return { pattern: 'normal', tag, method: next() < 0.85 ? 'GET' : 'POST', path: `${pick(NORMAL_PATHS)}?hl=${tag}`, headers: { 'user-agent': pick(AGENTS), referer: 'https://example.com/' } };
  });
}

const COMBINED = /^\S+ \S+ \S+ \[[^\]]*\] "(\S+) (\S+)[^"]*" \d{3} \S+ "([^"]*)" "([^"]*)"/;

/** Pure: requests that reproduce the lines of a log in the combined format; other lines are skipped. */
export function replayTraffic(lines: string[], runId: string): LoadItem[] {
  const items: LoadItem[] = [];
  for (const line of lines) {
    const match = COMBINED.exec(line);
    if (!match) continue;
    const [, method, uri, referer, agent] = match as unknown as [string, string, string, string, string];
    const tag = `${runId}-${items.length}`;
    const headers: Record<string, string> = {};
    if (agent && agent !== '-') headers['user-agent'] = agent;
    if (referer && referer !== '-') headers.referer = referer;
    items.push({ pattern: 'replay', tag, method, path: `${uri}${uri.includes('?') ? '&' : '?'}hl=${tag}`, headers });
  }
  return items;
}

/** Pure: a combined-format line for an item, for stream mode (PutRecords with no nginx in between). */
export function renderCombinedLine(item: LoadItem, status: number, at: Date): string {
  const time = at.toUTCString().replace(/^\w+, (\d\d) (\w+) (\d{4}) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  if (item.raw) return `127.0.0.1 - - [${time}] "${escapeBytes(item.raw)}" 400 157 "-" "-"`;
  return `127.0.0.1 - - [${time}] "${item.method} ${item.path} HTTP/1.1" ${status} 20 "${item.headers.referer ?? '-'}" "${item.headers['user-agent'] ?? '-'}"`;
}

function escapeBytes(bytes: Buffer): string {
  return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
