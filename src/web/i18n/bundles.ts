import baseEn from './en.json';
import baseJa from './ja.json';

// Each newer module keeps its strings beside its pages, in
// src/web/modules/<module>/i18n/{ja,en}.json under one top-level key named after the
// module, so modules built in parallel never edit the same file. They are merged here.

export const ja = {
  ...baseJa,
};

export const en = {
  ...baseEn,
};

/** The separate parts, so a test can prove no two of them claim the same top-level key. */
export const parts: { ja: object[]; en: object[] } = {
  ja: [baseJa],
  en: [baseEn],
};
