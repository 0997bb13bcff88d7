/**
 * The one error type the UI sees from the backend. Both transports turn a
 * failure into `{code, message}`; components switch on `code` (stable, shared
 * with the CLI and HTTP API), never on `message` (meant for people).
 */
import type { ErrorBody } from './generated/ErrorBody';

/** Codes the UI treats specially. Others still arrive; they fall back to `message`. */
export type KnownErrorCode =
  | 'not_found'
  | 'ambiguous_id'
  | 'invalid_url'
  | 'not_html'
  | 'fetch_failed'
  | 'invalid_input'
  | 'cannot_open'
  | 'not_a_library'
  | 'schema_too_new'
  | 'database'
  | 'io'
  | 'internal'
  /** Clip by URL (issue 7): why a page could not be fetched. */
  | 'dns'
  | 'http_status'
  | 'timeout'
  | 'paywall'
  | 'too_large'
  | 'tls'
  | 'redirects'
  /** The loopback server wants a token or the UI's session. */
  | 'unauthorized'
  // Highlights and notes (issue 6)
  | 'invalid_highlight'
  /** Produced on the client: the backend could not be reached at all. */
  | 'unreachable';

export class ApiError extends Error {
  readonly code: KnownErrorCode | (string & {});

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  /** Turns whatever a transport threw into an `ApiError`, keeping `{code, message}` when present. */
  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (isErrorBody(error)) return new ApiError(error.code, error.message);
    if (error instanceof Error) return new ApiError('internal', error.message);
    return new ApiError('internal', String(error));
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  );
}
