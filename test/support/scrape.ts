/** Reads `GET /metrics` (Prometheus text format) the way a scraper would. */

export interface Scrape {
  contentType: string | null;
  text: string;
  /** The value of the sample `name` whose labels are exactly `labels`; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const text = await res.text();
  const samples = text.split('\n').flatMap((line) => {
    const m = SAMPLE.exec(line);
    if (!m) return [];
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((l) => [l[1], l[2]]));
    return [{ name: m[1] as string, labels, value: Number(m[3]) }];
  });
  return {
    contentType: res.headers.get('content-type'),
    text,
    value(name, labels = {}) {
      const wanted = Object.entries(labels);
      return samples.find(
        (s) => s.name === name && Object.keys(s.labels).length === wanted.length && wanted.every(([k, v]) => s.labels[k] === v),
      )?.value;
    },
  };
}
