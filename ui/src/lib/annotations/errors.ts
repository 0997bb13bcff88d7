/**
 * What to tell the reader when a highlight or note could not be saved,
 * chosen by the error's `code` (never its message text).
 */
import type { ApiError } from '../api';

export function describeAnnotationError(error: ApiError): string {
  switch (error.code) {
    case 'invalid_highlight':
      return 'That selection cannot be highlighted: select some text in the article.';
    case 'not_found':
      return 'That highlight or note is gone: it may have been deleted in another window.';
    case 'invalid_input':
      return `Quire could not use that: ${error.message}`;
    case 'unreachable':
      return 'Quire is not answering. Is `quire serve` still running?';
    default:
      return `Something went wrong: ${error.message}`;
  }
}
