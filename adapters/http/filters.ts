/**
 * The search filters the API accepts, with their labels: region codes as the knowledge base
 * uses them, document kinds as in the manifest, and the three core topics.
 */
import type { DocumentKind } from '../../knowledge/types';

/** Region codes (`SearchOptions.region`) and the text that marks a manifest region as theirs. */
export const REGIONS = {
  national: '全国',
  甘肃: '甘肃',
  青海: '青海',
  鄂州: '鄂州',
  上海: '上海',
  浙江: '浙江',
} as const;

export type RegionCode = keyof typeof REGIONS;

/** Spellings accepted for a region code besides the code itself. */
const REGION_ALIASES: Record<string, RegionCode> = { 全国: 'national' };

/** The region code for a user-supplied value, or null when it names no known region. */
export function regionCode(value: string): RegionCode | null {
  if (Object.hasOwn(REGIONS, value)) return value as RegionCode;
  return REGION_ALIASES[value] ?? null;
}

/** Whether a manifest region (`全国`, `甘肃省`, `湖北省鄂州市` …) belongs to a region code. */
export function inRegion(manifestRegion: string, code: RegionCode): boolean {
  return code === 'national' ? manifestRegion === REGIONS.national : manifestRegion.includes(REGIONS[code]);
}

/** Document kinds with their Chinese labels. */
export const KINDS: Record<DocumentKind, string> = {
  plan: '规划',
  law: '法律',
  'administrative-regulation': '行政法规',
  'local-regulation': '地方性法规',
  news: '新闻',
};

/** The topics the knowledge base can filter on, with their Chinese labels. */
export const TOPICS = {
  enrolment: '参保',
  cross_province: '异地就医',
  outpatient: '门诊',
} as const;
