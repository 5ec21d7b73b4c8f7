import fs from 'node:fs';
import path from 'node:path';
import { ContentError, contentRoot, loadContent } from '../../content/loader';
import { indexQuestionSet, questionSetSchema, type IndexedQuestionSet } from './question-set';

/**
 * Question sets live in content/assessments as `<set-id>.v<version>.yaml`. A published version is
 * never edited: a change is a new file with the next version, and every old file stays, because an
 * assessment keeps answering the exact version it was started on.
 */
export const QUESTION_SET_DIR = 'assessments';
const FILE_NAME = /^([a-z][a-z0-9-]*)\.v([1-9][0-9]*)\.(ya?ml|json)$/;

export class QuestionSetCatalog {
  readonly #byId = new Map<string, IndexedQuestionSet[]>();

  constructor(sets: IndexedQuestionSet[]) {
    for (const s of [...sets].sort((a, b) => a.set.version - b.set.version)) {
      const versions = this.#byId.get(s.set.id) ?? [];
      versions.push(s);
      this.#byId.set(s.set.id, versions);
    }
  }

  /** The newest version of each set. */
  latestVersions(): IndexedQuestionSet[] {
    return [...this.#byId.values()].map((versions) => versions.at(-1)!);
  }

  latest(id: string): IndexedQuestionSet | undefined {
    return this.#byId.get(id)?.at(-1);
  }

  get(id: string, version: number): IndexedQuestionSet | undefined {
    return this.#byId.get(id)?.find((s) => s.set.version === version);
  }

  versions(id: string): number[] {
    return (this.#byId.get(id) ?? []).map((s) => s.set.version);
  }
}

function loadFile(dir: string, file: string): IndexedQuestionSet {
  const match = FILE_NAME.exec(file);
  if (!match) {
    throw new ContentError(`Invalid content: ${dir}/${file}: name it <set-id>.v<version>.yaml`);
  }
  const set = loadContent(`${dir}/${file}`, questionSetSchema);
  if (set.id !== match[1] || set.version !== Number(match[2])) {
    throw new ContentError(
      `Invalid content: ${dir}/${file}: holds ${set.id} version ${set.version}, not what its name says`,
    );
  }
  return indexQuestionSet(set);
}

/** Reads and validates every question set file in a folder under content/. */
export function readQuestionSets(dir = QUESTION_SET_DIR): QuestionSetCatalog {
  const files = fs
    .readdirSync(path.join(contentRoot, dir))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const sets = files.map((file) => loadFile(dir, file));
  for (const s of sets) {
    const first = sets.find((o) => o.set.id === s.set.id)!;
    if (first.set.kind !== s.set.kind) {
      throw new ContentError(`Invalid content: ${dir}: versions of ${s.set.id} differ in kind`);
    }
  }
  return new QuestionSetCatalog(sets);
}

let catalog: QuestionSetCatalog | undefined;

/** The shipped question sets, validated on first use; call it at start-up so bad content stops the server. */
export function loadQuestionSets(): QuestionSetCatalog {
  catalog ??= readQuestionSets();
  return catalog;
}
