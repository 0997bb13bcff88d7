/**
 * Getting an export out of the window: onto the clipboard ("Copy as
 * Markdown") or saved as a file through the browser's download. Both work
 * from a click handler, which is where the reader and the annotations view
 * call them.
 */
import type { ExportFormat, LibraryExportFormat } from '../api';

/** One export format as the UI offers it: its button label and the file it downloads as. */
export interface ExportChoice<F extends ExportFormat = ExportFormat> {
  format: F;
  label: string;
  extension: string;
  type: string;
}

export const EXPORTS: readonly ExportChoice[] = [
  { format: 'markdown', label: 'Markdown', extension: 'md', type: 'text/markdown' },
  { format: 'html', label: 'HTML page', extension: 'html', type: 'text/html' },
  { format: 'readwise-csv', label: 'Readwise CSV', extension: 'csv', type: 'text/csv' },
  { format: 'w3c-jsonld', label: 'JSON-LD', extension: 'jsonld', type: 'application/ld+json' },
];

/** The formats the whole library exports to as one file. */
export const LIBRARY_EXPORTS: readonly ExportChoice<LibraryExportFormat>[] = [
  { format: 'readwise-csv', label: 'Readwise CSV', extension: 'csv', type: 'text/csv' },
  { format: 'w3c-jsonld', label: 'JSON-LD', extension: 'jsonld', type: 'application/ld+json' },
];

/** A file name from a title: lower case, ASCII letters and digits, dashes between, never empty. */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'quire-export';
}

/** Puts text on the clipboard; falls back to a hidden textarea and `copy` where the async API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // WebKitGTK may refuse the async clipboard outside a secure context: the old way still works there.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('the clipboard refused the text');
}

/** Offers text as a file download. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
