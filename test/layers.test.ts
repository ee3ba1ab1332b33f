import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Every TypeScript file below `dir` (relative to the project root). */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** The module specifiers a file imports (static imports and re-exports). */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

/** Files of `dir` that import a path matching `forbidden`, as `file → specifier`. */
function offenders(dir: string, forbidden: RegExp, except: string[] = []): string[] {
  return sources(dir).filter((f) => !except.includes(f))
    .flatMap((f) => imports(f).filter((s) => forbidden.test(s)).map((s) => `${f} → ${s}`));
}

describe('import layers', () => {
  it('knowledge/ imports nothing of the bot, the adapters, the server or the state store', () => {
    expect(offenders('knowledge', /(^|\/)(bot|adapters|server|state)\//)).toEqual([]);
  });

  it('bot/ imports only knowledge/ of ours, never XML or HTTP', () => {
    expect(offenders('bot', /(^|\/)(adapters|server|state)\/|^express$|fast-xml-parser/)).toEqual([]);
  });

  it('review/ imports nothing of the adapters or the server, and never HTTP', () => {
    expect(offenders('review', /(^|\/)(adapters|server)\/|^express$/)).toEqual([]);
  });

  it('adapters do not import the server', () => {
    expect(offenders('adapters', /(^|\/)server\//)).toEqual([]);
  });

  it('nodejieba is imported only by knowledge/segmenter.ts and FlexSearch only by knowledge/termIndex.ts', () => {
    const all = ['knowledge', 'bot', 'adapters', 'server', 'state', 'cli', 'scripts'];
    expect(all.flatMap((d) => offenders(d, /^nodejieba$/, ['knowledge/segmenter.ts']))).toEqual([]);
    expect(all.flatMap((d) => offenders(d, /^flexsearch$/, ['knowledge/termIndex.ts']))).toEqual([]);
  });

  it('OpenCC is imported only by knowledge/traditional.ts', () => {
    const all = ['knowledge', 'bot', 'adapters', 'server', 'state', 'cli', 'scripts'];
    expect(all.flatMap((d) => offenders(d, /^opencc-js(\/|$)/, ['knowledge/traditional.ts']))).toEqual([]);
  });

  it('pinyin-pro is imported only by knowledge/soundAlike.ts', () => {
    const all = ['knowledge', 'bot', 'adapters', 'server', 'state', 'cli', 'scripts'];
    expect(all.flatMap((d) => offenders(d, /^pinyin-pro(\/|$)/, ['knowledge/soundAlike.ts']))).toEqual([]);
  });

  it('pino and prom-client are imported only under server/: the others get a Log or a callback', () => {
    const outside = ['knowledge', 'bot', 'adapters', 'state', 'cli', 'scripts'].flatMap((d) => offenders(d, /^pino$|^prom-client$/));
    expect(outside).toEqual([]);
  });

  it('botbuilder and teams-ai are imported only under adapters/botframework/', () => {
    const outside = ['knowledge', 'bot', 'server', 'state', 'cli', 'scripts', 'adapters/web', 'adapters/wechat', 'adapters/http']
      .flatMap((d) => offenders(d, /^botbuilder|^@microsoft\/teams-ai/));
    expect(outside).toEqual([]);
  });
});
