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

/** A word of the question with its position (see analyzer.ts `QueryToken`). */
export interface PlacedToken {
  token: string;
  start: number;
  subwords: string[];
}

/**
 * The places `tokens` name, in order: each token itself, or a dictionary sub-word at its start or
 * end (上海东方 → 上海, 东方; not 海东 from its middle), looked up in `byPlace`. Nothing is
 * allocated for a token that names none.
 */
function placesNamed(tokens: readonly PlacedToken[], byPlace: ReadonlyMap<string, string>): NamedPlace[] {
  const found: NamedPlace[] = [];
  for (const t of tokens) {
    const end = t.start + t.token.length;
    const own = byPlace.get(t.token);
    if (own) found.push({ word: t.token, region: own, start: t.start, end });
    for (const w of t.subwords) {
      if (!t.token.startsWith(w) && !t.token.endsWith(w)) continue;
      const region = byPlace.get(w);
      if (region) found.push({ word: w, region, start: t.start, end });
    }
  }
  return found;
}

/** A place a question names: the word, its region, and where the token naming it starts and ends. */
interface NamedPlace {
  word: string;
  region: string;
  start: number;
  end: number;
}

/**
 * The place that says where the question is about. Usually the first; but a place of no documents
 * that is only the province before a place of the corpus (湖北鄂州, 湖北省鄂州市) gives way to it:
 * the second one, written right after it or in the same word, is the more precise.
 */
function wherePlace(found: readonly NamedPlace[], bare: ReadonlySet<string>): NamedPlace | undefined {
  const [first, next] = found;
  if (!first || !next) return first;
  const touching = next.start === first.start || next.start === first.end;
  return bare.has(first.region) && !bare.has(next.region) && touching ? next : first;
}

const bareRegions = new WeakMap<Lexicon['places'], ReadonlySet<string>>();

/**
 * The regions a place list names by one place only, their own name: regions.txt's places with no
 * documents (湖北). A region of the corpus has more names than its own (鄂州, 鄂州市, 葛店).
 */
function bareRegionsOf(places: Lexicon['places']): ReadonlySet<string> {
  let bare = bareRegions.get(places);
  if (!bare) {
    const named = new Map<string, number>();
    for (const p of places) named.set(p.region, (named.get(p.region) ?? 0) + 1);
    bareRegions.set(places, (bare = new Set(places.filter((p) => p.place === p.region && named.get(p.region) === 1).map((p) => p.region))));
  }
  return bare;
}

const placeMaps = new WeakMap<Lexicon['places'], ReadonlyMap<string, string>>();

/** Place → region code of a place list, built once per list (a place listed twice keeps its last region). */
function placeMap(places: Lexicon['places']): ReadonlyMap<string, string> {
  let map = placeMaps.get(places);
  if (!map) placeMaps.set(places, (map = new Map(places.map((p) => [p.place, p.region]))));
  return map;
}

/**
 * Finds the region a question is about: the first place it names (`我在兰州交的医保，去上海看病` →
 * 甘肃, because where one is insured comes first in how people tell it). Places are matched against
 * the question's words, not its characters: 规定西药 does not name 定西, 上海东方医院 does not name 海东.
 */
export function detectRegion(tokens: PlacedToken[], places: Lexicon['places']): RegionMention | null {
  const first = wherePlace(placesNamed(tokens, placeMap(places)), bareRegionsOf(places));
  return first ? { region: first.region, place: first.word, start: first.start } : null;
}

/** Every region the question's words name (two places add 异地). */
export function allRegions(tokens: PlacedToken[], places: Lexicon['places']): string[] {
  return [...new Set(placesNamed(tokens, placeMap(places)).map((p) => p.region))];
}

/** A place that is its region's own name (浙江, 浙江省, 上海市, 鄂州市), not a locality within it. */
function namesRegionItself(place: string, region: string): boolean {
  return place === region || REGION_NAME_SUFFIXES.some((suffix) => place === `${region}${suffix}`);
}
const REGION_NAME_SUFFIXES = ['省', '市', '自治区'];

/**
 * The localities a question names (杭州, 宁波, 兰州, 天水), each once: places other than a region's
 * own name, so 浙江杭州 names one locality and 杭州 … 宁波 two.
 */
export function allLocalities(tokens: PlacedToken[], places: Lexicon['places']): string[] {
  const localities = placesNamed(tokens, placeMap(places)).filter((p) => p.region !== NATIONAL && !namesRegionItself(p.word, p.region));
  return [...new Set(localities.map((p) => p.word))];
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
