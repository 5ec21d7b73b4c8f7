import { z } from 'zod';

/** Text shipped in both languages (content, starter items); the web shows the user's. */
export const localizedText = z.strictObject({
  ja: z.string().min(1),
  en: z.string().min(1),
});
export type LocalizedText = z.infer<typeof localizedText>;
