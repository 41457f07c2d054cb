/**
 * Which `Host` names and browser origins the endpoint answers. Pure.
 *
 * The endpoint listens on loopback, but a web page can still reach it: through DNS rebinding (a
 * name of the attacker's that resolves to 127.0.0.1, sent as `Host`), or with a cross-site request
 * from any page the developer has open (sent with that page's `Origin`). So only loopback names and
 * the names a team lists in hosepipe.yaml are served, and hosepipe's own API and the non-S3
 * services refuse a browser request from any origin but the endpoint's own.
 */

/** Host names every endpoint answers, with their virtual-host forms (`bucket.localhost`). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]', '*.localhost', 'localhost.localstack.cloud', '*.localhost.localstack.cloud'];

// A DNS name (letters, digits, `-`, `_` as Compose service names have, dots) or a bracketed IPv6 literal; then a port.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)\.?(?::(\d{1,5}))?$/;
/** What a name in `endpoint.allowedHosts` may look like. */
export const ALLOWED_HOST_NAME = /^[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?$/;

/** The host name of a `Host` header, lower-case, without port or trailing dot; undefined when it is not a host. */
export function hostName(header: string): string | undefined {
  const match = HOST_HEADER.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const name = match[1]!;
  if (name.startsWith('[')) return name === '[::1]' || name === '[0:0:0:0:0:0:0:1]' ? '[::1]' : name;
  return name;
}

/** True for a loopback name: `localhost`, `127.0.0.1`, `[::1]`, `*.localhost`, `*.localhost.localstack.cloud`. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || name.endsWith('.localhost')
    || name === 'localhost.localstack.cloud' || name.endsWith('.localhost.localstack.cloud');
}

export interface HostPolicy {
  /** True when a request with this `Host` header is served (no header: a non-browser HTTP/1.0 client). */
  allowsHost(header: string | undefined): boolean;
  /**
   * True when a request with this `Origin` header may change state: no header (not a browser), or
   * the endpoint's own origin (a loopback or listed name on the endpoint's port, over http).
   */
  allowsOrigin(header: string | undefined, port: number): boolean;
  /** The allowed names as the 403 answer lists them. */
  readonly allowed: readonly string[];
}

/** The policy for loopback names plus `allowedHosts` (each also with its virtual-host forms). */
export function createHostPolicy(allowedHosts: readonly string[] = []): HostPolicy {
  const listed = allowedHosts.map((name) => name.toLowerCase());
  for (const name of listed) {
    if (!ALLOWED_HOST_NAME.test(name)) throw new Error(`endpoint.allowedHosts: ${JSON.stringify(name)} is not a host name`);
  }
  const isListed = (name: string): boolean => listed.some((allowed) => name === allowed || name.endsWith(`.${allowed}`));
  return {
    allowed: [...LOOPBACK_HOSTS, ...listed.flatMap((name) => [name, `*.${name}`])],
    allowsHost(header) {
      if (header === undefined) return true;
      const name = hostName(header);
      return name !== undefined && (isLoopbackName(name) || isListed(name));
    },
    allowsOrigin(header, port) {
      if (header === undefined) return true;
      let origin: URL;
      try {
        origin = new URL(header);
      } catch {
        return false;
      }
      if (origin.protocol !== 'http:' || origin.origin !== header.toLowerCase().replace(/\/$/, '')) return false;
      if (Number(origin.port || 80) !== port) return false;
      const name = origin.hostname;
      return name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || listed.includes(name);
    },
  };
}
