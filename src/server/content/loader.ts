import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';

export const contentRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content');

export class ContentError extends Error {}

/** Reads one YAML or JSON file under content/ and validates it; errors name the file and the field. */
export function loadContent<S extends z.ZodType>(relativePath: string, schema: S): z.output<S> {
  const file = path.join(contentRoot, relativePath);
  const text = fs.readFileSync(file, 'utf8');
  const data: unknown = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${relativePath}: ${i.path.join('.')}: ${i.message}`);
    throw new ContentError(`Invalid content:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
