import type { ja } from './bundles';

// Translation keys are checked at compile time against the Japanese resources.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
