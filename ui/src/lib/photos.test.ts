import { describe, expect, it } from 'vitest';
import type { ArticlePhoto } from './api/generated/ArticlePhoto';
import { isImageFile, missingPhotoReason } from './photos';

// The placeholders themselves (DOM) are checked in real Chromium by tests/photos.test.mjs.

const failed: ArticlePhoto = {
  status: 'failed',
  hash: null,
  failure: 'the server answered 404 Not Found',
  caption: 'Gulls',
  source_url: 'https://example.org/gulls.jpg',
};

describe('missingPhotoReason', () => {
  it('says why a photo failed, briefly', () => {
    expect(missingPhotoReason(failed)).toBe('This photo could not be saved: the server answered 404 Not Found');
    expect(missingPhotoReason({ ...failed, failure: 'x'.repeat(500) }).length).toBeLessThan(200);
  });
  it('tells a pending photo from a failed one', () => {
    expect(missingPhotoReason({ ...failed, status: 'pending', failure: null })).toMatch(/not been saved yet/);
    expect(missingPhotoReason(undefined)).toMatch(/not been saved yet/);
  });
});

describe('isImageFile', () => {
  it('takes JPEG, PNG, WebP and GIF files by type or name, and nothing else', () => {
    expect(isImageFile({ name: 'IMG_1.JPG', type: '' })).toBe(true);
    expect(isImageFile({ name: 'x', type: 'image/webp' })).toBe(true);
    expect(isImageFile({ name: 'page.html', type: 'text/html' })).toBe(false);
    expect(isImageFile({ name: 'drawing.svg', type: 'image/svg+xml' })).toBe(false);
  });
});
