import { describe, expect, it } from 'vitest';
import { en, ja, parts } from './bundles';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

describe('translation resources', () => {
  const jaKeys = flatten(ja as Tree);
  const enKeys = flatten(en as Tree);

  it('have the same keys in Japanese and English', () => {
    const missingInEn = [...jaKeys.keys()].filter((k) => !enKeys.has(k));
    const missingInJa = [...enKeys.keys()].filter((k) => !jaKeys.has(k));
    expect({ missingInEn, missingInJa }).toEqual({ missingInEn: [], missingInJa: [] });
  });

  it('have no empty values', () => {
    const empty = [...jaKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    const mismatched = [...jaKeys]
      .filter(([k, v]) => JSON.stringify(vars(v)) !== JSON.stringify(vars(enKeys.get(k) ?? '')))
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('take each top-level key from one module only', () => {
    for (const language of ['ja', 'en'] as const) {
      const keys = parts[language].flatMap((part) => Object.keys(part));
      const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
      expect({ language, repeated }).toEqual({ language, repeated: [] });
    }
  });
});
