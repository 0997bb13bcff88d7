/** Small, pure formatting helpers shared by the library and the reader. */
import type { ApiError } from './api';

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** "12 Mar 2025" from an RFC 3339 / ISO date; the raw text if it does not parse. */
export function formatDate(value: string | null): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  return `${Math.round(minutes)} min read`;
}

/** "Ann Author and Bo Writer", "A, B and C". */
export function formatBylines(bylines: readonly string[]): string | null {
  if (bylines.length === 0) return null;
  if (bylines.length === 1) return bylines[0] ?? null;
  return `${bylines.slice(0, -1).join(', ')} and ${bylines[bylines.length - 1]}`;
}

/** The host a URL points at, without `www.`; what the library shows when a page names no site. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** "example.com/path/to/page" for progress lines: enough to recognise, short enough to fit. */
export function shortUrl(url: string, max = 60): string {
  try {
    const parsed = new URL(url);
    const text = parsed.host.replace(/^www\./, '') + (parsed.pathname === '/' ? '' : parsed.pathname);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  } catch {
    return url;
  }
}

/**
 * What to tell a person when something fails, chosen by `code`. The server's
 * message is the fallback and the detail; it is never parsed.
 */
export function describeError(error: ApiError): { title: string; hint: string | null } {
  switch (error.code) {
    case 'invalid_url':
      return { title: 'That is not a web address Quire can save', hint: 'Paste a full link, starting with https://.' };
    case 'fetch_failed':
      return {
        title: 'Quire could not download that page',
        hint: 'Check the connection, or save the page from your browser (Ctrl+S) and drop the .html file here.',
      };
    // Clip by URL (issue 7): the server's message names the site, status or size.
    case 'dns':
      return { title: 'Quire could not find that site', hint: error.message };
    case 'http_status':
      return { title: 'The site did not give the page', hint: error.message };
    case 'timeout':
      return { title: 'The site took too long to answer', hint: 'Try again later, or save the page from your browser.' };
    case 'paywall':
      return {
        title: 'That page looks like a paywall',
        hint: `${error.message}. Clip it with the browser extension while signed in.`,
      };
    case 'too_large':
      return { title: 'That page is too large to save', hint: error.message };
    case 'tls':
      return { title: 'The site’s secure connection failed', hint: error.message };
    case 'redirects':
      return { title: 'The site kept redirecting', hint: error.message };
    case 'not_html':
      return { title: 'That is not a web page', hint: 'Quire saves HTML pages: links to articles, or .html files.' };
    case 'invalid_input':
      return { title: 'Quire could not use that', hint: error.message };
    case 'not_found':
      return { title: 'That article is no longer in your library', hint: 'It may have been deleted in another window.' };
    case 'cannot_open':
    case 'not_a_library':
    case 'schema_too_new':
      return { title: 'The library could not be opened', hint: error.message };
    case 'unreachable':
      return { title: 'Quire is not answering', hint: 'Is `quire serve` still running?' };
    default:
      return { title: 'Something went wrong', hint: error.message };
  }
}
