/**
 * Photos in the reader (issue 5). The core leaves a photo it could not store
 * without a `src` (the reader never loads from the web) and marks its `<img>`
 * with `data-quire-photo="failed|pending"` and `data-quire-photo-index`, its
 * place in the article's `photos`. Here each such `<img>` becomes a tidy
 * placeholder: what happened, in a few words, and a Retry button. The figure
 * and its caption stay as they are. Built with DOM calls (no markup strings,
 * no inline styles: the CSP forbids them). The placeholder adds no text
 * nodes: its words are attributes drawn by CSS (`content: attr(...)`), so the
 * article body's text, which highlights are anchored in, is unchanged.
 */
import type { ArticlePhoto } from './api/generated/ArticlePhoto';

/** The short reason a placeholder shows for a photo that is not stored. */
export function missingPhotoReason(photo: ArticlePhoto | undefined): string {
  if (!photo || photo.status === 'pending') return 'This photo has not been saved yet.';
  const reason = photo.failure?.trim();
  if (!reason) return 'This photo could not be saved.';
  const short = reason.length > 140 ? `${reason.slice(0, 139)}…` : reason;
  return `This photo could not be saved: ${short}`;
}

/**
 * Replaces every marked `<img>` under `root` with a placeholder whose Retry
 * button calls `onRetry`. Returns how many placeholders it placed.
 */
export function placeMissingPhotos(root: ParentNode, photos: ArticlePhoto[], onRetry: () => void): number {
  const images = Array.from(root.querySelectorAll<HTMLImageElement>('img[data-quire-photo]'));
  for (const img of images) {
    const index = Number(img.dataset.quirePhotoIndex);
    const photo = Number.isInteger(index) ? photos[index] : undefined;
    const doc = img.ownerDocument;
    const box = doc.createElement('span');
    box.className = 'photo-missing';
    box.setAttribute('role', 'note');
    box.dataset.status = img.dataset.quirePhoto ?? 'failed';
    const text = doc.createElement('span');
    text.className = 'photo-missing-reason';
    text.dataset.text = missingPhotoReason(photo);
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'button photo-retry';
    button.setAttribute('aria-label', 'Retry');
    button.dataset.label = 'Retry';
    button.addEventListener('click', () => {
      button.disabled = true;
      button.dataset.label = 'Retrying…';
      onRetry();
    });
    box.append(text, button);
    img.replaceWith(box);
  }
  return images.length;
}

/** JPEG, PNG, WebP and GIF files are saved as photo items; the core verifies them by decoding. */
export function isImageFile(file: { name: string; type: string }): boolean {
  return /^image\/(jpeg|png|webp|gif)$/i.test(file.type) || /\.(jpe?g|png|webp|gif)$/i.test(file.name);
}
