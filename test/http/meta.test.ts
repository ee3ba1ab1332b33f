/**
 * `GET /api/meta` serves the one list of regions, topics and document kinds (lexicon and manifest),
 * and `/api/search` filters and validates with the same lists: 甘肃 + 全国 with includeNational,
 * weak matches marked as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEVANCE_FLOOR } from '../../adapters/http/searchResult';
import { startRealServer, type RealServer } from './realServer';

let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server?.close();
});

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

const search = (q: string, params = '') => get(`/api/search?q=${encodeURIComponent(q)}&limit=50${params}`);

describe('GET /api/meta', () => {
  it('lists the regions of regions.txt with their names and whether documents exist, the topics, the kinds and the question limit', async () => {
    const { status, body } = await get('/api/meta');
    expect(status).toBe(200);
    expect(body).toEqual({
      regions: [
        { code: 'national', name: '全国', hasDocuments: true },
        { code: '甘肃', name: '甘肃', hasDocuments: true },
        { code: '青海', name: '青海', hasDocuments: true },
        { code: '鄂州', name: '鄂州', hasDocuments: true },
        { code: '上海', name: '上海', hasDocuments: true },
        { code: '浙江', name: '浙江', hasDocuments: true },
      ],
      topics: [
        { code: 'enrolment', name: '参保' },
        { code: 'cross_province', name: '异地就医' },
        { code: 'outpatient', name: '门诊' },
      ],
      kinds: [
        { code: 'plan', name: '规划' },
        { code: 'law', name: '法律' },
        { code: 'administrative-regulation', name: '行政法规' },
        { code: 'local-regulation', name: '地方性法规' },
        { code: 'news', name: '新闻' },
      ],
      maxQuestionChars: 500,
    });
  });

  it('is the list the search validation names in its error', async () => {
    const { body: meta } = await get('/api/meta');
    const { status, body } = await search('门诊', `&region=${encodeURIComponent('火星')}`);
    expect(status).toBe(400);
    const names = (meta.regions as Array<{ name: string }>).map((r) => r.name).join('、');
    expect(body.error.message).toBe(`不支持这个地区，可选：${names}。 / api: unknown region "火星" (use national, 甘肃, 青海, 鄂州, 上海 or 浙江)`);
  });
});

describe('GET /api/search with includeNational', () => {
  it('keeps only 甘肃 documents without it, and adds the national ones with it', async () => {
    const only = await search('异地就医 备案', `&region=${encodeURIComponent('甘肃')}`);
    expect(new Set(only.body.hits.map((h: any) => h.region))).toEqual(new Set(['甘肃省']));
    const both = await search('异地就医 备案', `&region=${encodeURIComponent('甘肃')}&includeNational=true`);
    expect(new Set(both.body.hits.map((h: any) => h.region))).toEqual(new Set(['甘肃省', '全国']));
  });

  it('refuses a value that is not true or false', async () => {
    const { status, body } = await search('门诊', '&region=甘肃&includeNational=yes'.replace('甘肃', encodeURIComponent('甘肃')));
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_include_national', message: '参数 includeNational 须为 true 或 false。 / api: "includeNational" must be true or false, got "yes"' } });
  });
});

describe('the relevance floor of search hits', () => {
  it(`marks hits of 灵活就业 that match it fully as relevant`, async () => {
    const { body } = await search('灵活就业');
    expect(body.hits[0].relevant).toBe(true);
  });

  it(`marks the hits of 医保卡余额 that only speak of 医保卡 as weak (under ${RELEVANCE_FLOOR.minCoverage} of the query matched)`, async () => {
    const { body } = await search('医保卡余额', `&region=${encodeURIComponent('甘肃')}&includeNational=true`);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.filter((h: any) => h.relevant)).toEqual([]);
  });
});
