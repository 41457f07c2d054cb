/** The three parts of an HTTP request line; all null when the line does not have that shape. */
export interface RequestParts {
  method: string | null;
  uri: string | null;
  protocol: string | null;
}

const NO_PARTS: RequestParts = Object.freeze({ method: null, uri: null, protocol: null }) as RequestParts;

// nginx accepts methods made of A-Z, "_" and "-" only (ngx_http_parse_request_line).
const isMethod = (text: string): boolean => {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (!((code >= 65 && code <= 90) || code === 95 || code === 45)) return false;
  }
  return true;
};

const isProtocol = (text: string): boolean => /^HTTP\/\d\.\d$/.test(text);

/**
 * Splits `GET /path?q HTTP/1.1` into method, uri and protocol; `GET /path` (HTTP/0.9) has no
 * protocol. The URI may itself contain spaces when nginx accepted it, so the split uses the first
 * and the last space.
 */
export function splitRequest(request: string): RequestParts {
  const first = request.indexOf(' ');
  if (first <= 0 || !isMethod(request.slice(0, first))) return NO_PARTS;
  const last = request.lastIndexOf(' ');
  if (last > first && isProtocol(request.slice(last + 1))) {
    const uri = request.slice(first + 1, last);
    return uri === '' ? NO_PARTS : { method: request.slice(0, first), uri, protocol: request.slice(last + 1) };
  }
  const uri = request.slice(first + 1);
  if (uri === '' || uri.includes(' ')) return NO_PARTS;
  return { method: request.slice(0, first), uri, protocol: null };
}
