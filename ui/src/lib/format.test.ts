import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import { describeError, formatBylines, formatMinutes, hostOf, shortUrl } from './format';

describe('format', () => {
  it('joins bylines the way people write them', () => {
    expect(formatBylines([])).toBeNull();
    expect(formatBylines(['Ann'])).toBe('Ann');
    expect(formatBylines(['Ann', 'Bo'])).toBe('Ann and Bo');
    expect(formatBylines(['Ann', 'Bo', 'Cy'])).toBe('Ann, Bo and Cy');
  });

  it('rounds reading time and never says "0 min"', () => {
    expect(formatMinutes(0)).toBe('under a minute');
    expect(formatMinutes(4.4)).toBe('4 min read');
  });

  it('shortens URLs for progress lines', () => {
    expect(hostOf('https://www.example.com/a')).toBe('example.com');
    expect(shortUrl('https://www.example.com/')).toBe('example.com');
    expect(shortUrl('https://example.com/a/b')).toBe('example.com/a/b');
    expect(shortUrl(`https://example.com/${'x'.repeat(100)}`).length).toBe(60);
    expect(shortUrl('not a url')).toBe('not a url');
  });

  it('chooses words by code, never by message', () => {
    const a = describeError(new ApiError('fetch_failed', 'dns error'));
    const b = describeError(new ApiError('fetch_failed', 'connection refused'));
    expect(a.title).toBe(b.title);
    expect(describeError(new ApiError('something_new', 'details')).hint).toBe('details');
  });
});
