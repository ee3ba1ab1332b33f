import { describe, expect, it } from 'vitest';
import { buildCatalog, findRegion, localRegionNames } from '../../knowledge/catalog';
import type { DocumentMeta } from '../../knowledge/types';

const lexicon = {
  regions: ['national', '甘肃', '青海'],
  regionNames: new Map([['national', '全国'], ['甘肃', '甘肃'], ['青海', '青海']]),
  topics: [{ topic: 'cross_province', words: ['异地就医', '备案'] }],
};
const documents = [{ region: '全国' }, { region: '甘肃省' }] as DocumentMeta[];
const catalog = buildCatalog(lexicon, documents, (d) => (d.region === '全国' ? 'national' : '甘肃'));

describe('the catalog of regions, topics and kinds', () => {
  it('names each region by the first place of its line and says whether documents exist', () => {
    expect(catalog.regions).toEqual([
      { code: 'national', name: '全国', hasDocuments: true },
      { code: '甘肃', name: '甘肃', hasDocuments: true },
      { code: '青海', name: '青海', hasDocuments: false },
    ]);
  });

  it('names each topic by the first word of its line, and each kind by its manifest label', () => {
    expect(catalog.topics).toEqual([{ code: 'cross_province', name: '异地就医' }]);
    expect(catalog.kinds.map((k) => `${k.code}=${k.name}`)).toEqual(['plan=规划', 'law=法律', 'administrative-regulation=行政法规', 'local-regulation=地方性法规', 'news=新闻']);
  });

  it('finds a region by its code or its name, and no other', () => {
    expect(findRegion(catalog, '全国')).toBe('national');
    expect(findRegion(catalog, 'national')).toBe('national');
    expect(findRegion(catalog, '甘肃')).toBe('甘肃');
    expect(findRegion(catalog, '兰州')).toBeNull();
  });

  it('lists the local regions with documents for the capability reply', () => {
    expect(localRegionNames(catalog)).toEqual(['甘肃']);
  });
});
