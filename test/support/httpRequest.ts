/**
 * One HTTP request with node:http, from a chosen local address: on Linux every 127.0.0.x is the
 * loopback interface, so tests can be several clients, each with its own address, as the server
 * sees them (fetch cannot choose its local address).
 */
import { request, type Agent } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON (with its content type) unless it is a string. */
  body?: unknown;
  /** Local address of the connection, e.g. `127.0.0.2`. */
  from?: string;
  /** Keeps connections open between requests; a new connection per request when omitted. */
  agent?: Agent;
}

export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpAnswer> {
  const { body } = options;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && typeof body !== 'string') headers['content-type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, localAddress: options.from, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
