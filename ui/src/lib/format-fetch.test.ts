// Clip by URL (issue 7): each fetch failure code gets its own words.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import { describeError } from './format';

describe('describeError for fetch failures', () => {
  it('gives each code its own title and keeps the server’s details', () => {
    const codes = ['dns', 'http_status', 'timeout', 'paywall', 'too_large', 'tls', 'redirects'];
    const titles = codes.map((code) => describeError(new ApiError(code, 'details')).title);
    expect(new Set(titles).size).toBe(codes.length);
    const paywall = describeError(new ApiError('paywall', 'looks like a paywall: the page promises ~2400 words but shows 20'));
    expect(paywall.hint).toContain('~2400 words');
  });
});
