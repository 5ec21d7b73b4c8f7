import { describe, expect, it } from 'vitest';
import { splitLinks } from './links';

describe('splitLinks', () => {
  it('turns http(s) URLs into links and keeps the rest as text', () => {
    expect(splitLinks('Open https://example.jp/invite/abc. Thanks')).toEqual([
      { kind: 'text', text: 'Open ' },
      { kind: 'link', url: 'https://example.jp/invite/abc' },
      { kind: 'text', text: '. Thanks' },
    ]);
  });

  it('ignores other schemes', () => {
    expect(splitLinks('javascript:alert(1) ftp://x')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) ftp://x' },
    ]);
  });

  it('stops at Japanese punctuation', () => {
    expect(splitLinks('こちら（http://localhost:3100/reset-password?token=x）から。')).toEqual([
      { kind: 'text', text: 'こちら（' },
      { kind: 'link', url: 'http://localhost:3100/reset-password?token=x' },
      { kind: 'text', text: '）から。' },
    ]);
  });
});
