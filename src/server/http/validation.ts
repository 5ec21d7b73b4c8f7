import type { Locale } from '../../contracts/common';

type Issue = { path: (string | number)[]; code: string; message: string; [k: string]: unknown };

const texts = {
  ja: {
    required: '必須項目です。',
    invalid_type: '形式が正しくありません。',
    too_small_string: (n: unknown) => `${n}文字以上で入力してください。`,
    too_big_string: (n: unknown) => `${n}文字以内で入力してください。`,
    too_small: (n: unknown) => `${n}以上の値を入力してください。`,
    too_big: (n: unknown) => `${n}以下の値を入力してください。`,
    invalid_format: '形式が正しくありません。',
    invalid_value: '選択できない値です。',
    unrecognized_keys: (keys: unknown) => `不明な項目があります: ${String(keys)}`,
    other: '値が正しくありません。',
  },
  en: {
    required: 'This field is required.',
    invalid_type: 'This value has the wrong type.',
    too_small_string: (n: unknown) => `Enter at least ${n} characters.`,
    too_big_string: (n: unknown) => `Enter at most ${n} characters.`,
    too_small: (n: unknown) => `Enter a value of at least ${n}.`,
    too_big: (n: unknown) => `Enter a value of at most ${n}.`,
    invalid_format: 'This value is not in the expected format.',
    invalid_value: 'This value is not one of the allowed choices.',
    unrecognized_keys: (keys: unknown) => `Unknown fields: ${String(keys)}`,
    other: 'This value is not valid.',
  },
} as const;

/** Turns zod issues into `{path, code, message}` with a message in the caller's language. */
export function localiseIssues(issues: readonly Issue[], locale: Locale, where: string) {
  const t = texts[locale];
  return issues.map((issue) => {
    let message: string;
    switch (issue.code) {
      case 'invalid_type':
        message = issue.input === undefined ? t.required : t.invalid_type;
        break;
      case 'too_small':
        message =
          issue.origin === 'string'
            ? t.too_small_string(issue.minimum)
            : t.too_small(issue.minimum);
        break;
      case 'too_big':
        message =
          issue.origin === 'string' ? t.too_big_string(issue.maximum) : t.too_big(issue.maximum);
        break;
      case 'invalid_format':
        message = t.invalid_format;
        break;
      case 'invalid_value':
        message = t.invalid_value;
        break;
      case 'unrecognized_keys':
        message = t.unrecognized_keys((issue.keys as string[] | undefined)?.join(', '));
        break;
      case 'custom': {
        // A refinement may carry its own message in both languages (see contracts).
        const own = (issue.params as Partial<Record<Locale, unknown>> | undefined)?.[locale];
        message = typeof own === 'string' ? own : t.other;
        break;
      }
      default:
        message = t.other;
    }
    return { in: where, path: issue.path.map(String), code: issue.code, message };
  });
}
