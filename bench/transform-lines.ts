/** A seeded generator of combined-format access-log lines with a realistic mix of traffic. */

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
  'kube-probe/1.29',
  'okhttp/4.12.0',
  // nginx escapes UTF-8 in a user agent byte by byte: "NAVER(inapp; search; 한국어)".
  'Mozilla/5.0 (Linux; Android 14) NAVER(inapp; search; \\xED\\x95\\x9C\\xEA\\xB5\\xAD\\xEC\\x96\\xB4)',
];
const PATHS = ['/', '/index.html', '/api/v1/orders', '/api/v1/products/', '/static/app.3f9c1e.js', '/static/styles.css', '/images/hero.webp', '/search', '/healthz', '/login'];
const REFERERS = ['-', '-', 'https://www.google.com/', 'https://shop.example.com/products?id=42', 'https://m.search.naver.com/search.naver?query=%EC%8B%A0%EB%B0%9C'];
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 301, 404, 404, 499, 500, 502];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'OPTIONS'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PROBES = [
  '"\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03\\xA1\\x8C" 400 157',
  '"" 400 0',
  '"SSH-2.0-Go" 400 157',
  '"GET /.env HTTP/1.1" 404 153',
];

// mulberry32: a tiny seeded PRNG, so every run benchmarks the same lines.
const createRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};

const pad = (value: number) => String(value).padStart(2, '0');

/** Lines of nginx `combined` (escape=default) until their total size reaches `targetBytes`. */
export function generateCombinedLines(targetBytes: number, seed = 42): string[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lines: string[] = [];
  let bytes = 0;
  let clock = Date.UTC(2024, 2, 10, 14, 0, 0);
  while (bytes < targetBytes) {
    clock += Math.floor(random() * 400);
    const at = new Date(clock);
    const time = `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
    const address = random() < 0.15 ? `2001:db8:${Math.floor(random() * 65535).toString(16)}::${Math.floor(random() * 255)}` : `${Math.floor(random() * 223) + 1}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
    let middle: string;
    if (random() < 0.01) {
      middle = `${pick(PROBES)} "-" "-"`;
    } else {
      const query = random() < 0.4 ? `?page=${Math.floor(random() * 50)}&sort=price&q=${Math.floor(random() * 1e6).toString(36)}` : '';
      const status = pick(STATUSES);
      const size = status === 304 || status === 499 ? 0 : Math.floor(random() * 60_000);
      middle = `"${pick(METHODS)} ${pick(PATHS)}${query} HTTP/${random() < 0.3 ? '2.0' : '1.1'}" ${status} ${size} "${pick(REFERERS)}" "${pick(USER_AGENTS)}"`;
    }
    const line = `${address} - - [${time}] ${middle}\n`;
    lines.push(line);
    bytes += line.length;
  }
  return lines;
}
