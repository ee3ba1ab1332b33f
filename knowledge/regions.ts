import type { DocumentMeta } from './types';
import type { Lexicon } from './lexicon';

/** The region code of national documents. */
export const NATIONAL = 'national';

/** A region named in a text: its code and the place that named it. */
export interface RegionMention {
  region: string;
  place: string;
  start: number;
}

/**
 * Finds the region a text is about: the first place it names (`我在兰州交的医保，去上海看病` → 甘肃,
 * because where one is insured comes first in how people tell it). Longer place names win over
 * shorter ones at the same position (兰州新区 over 兰州).
 */
export function detectRegion(normalizedText: string, places: Lexicon['places']): RegionMention | null {
  let best: RegionMention | null = null;
  for (const { place, region } of places) {
    const start = normalizedText.indexOf(place);
    if (start < 0) continue;
    if (!best || start < best.start || (start === best.start && place.length > best.place.length)) {
      best = { region, place, start };
    }
  }
  return best;
}

/** Every region named in a text (for follow-ups such as "那青海呢" that only name a place). */
export function allRegions(normalizedText: string, places: Lexicon['places']): string[] {
  return [...new Set(places.filter((p) => normalizedText.includes(p.place)).map((p) => p.region))];
}

/**
 * The region code of a document, from its manifest `region` (`全国` → national, `湖北省鄂州市` → 鄂州).
 * A document whose region matches no code keeps its manifest region as its code.
 */
export function documentRegion(meta: Pick<DocumentMeta, 'region' | 'level'>, regionCodes: string[]): string {
  if (meta.level === 'national' || meta.region === '全国') return NATIONAL;
  const local = regionCodes.filter((c) => c !== NATIONAL && meta.region.includes(c));
  return local.sort((a, b) => b.length - a.length)[0] ?? meta.region;
}
