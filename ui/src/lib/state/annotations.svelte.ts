/**
 * One article's highlights and page notes while it is open in the reader.
 * The reader's annotator draws from these fields and calls these methods;
 * only this class talks to the backend about them. Lists are replaced, never
 * mutated in place, and kept in the server's reading order (by start, orphans
 * last) so the sidebar can show them as they come.
 */
import {
  ApiError,
  backend,
  type Anchor,
  type Highlight,
  type HighlightColor,
  type HighlightPatch,
  type Note,
} from '../api';

/** Reading order: placed highlights by start, orphans after them (as the server sends them). */
export function byReadingOrder(a: Highlight, b: Highlight): number {
  return Number(a.orphan) - Number(b.orphan) || a.start - b.start || a.end - b.end;
}

/** "a, b ,, c" → ["a", "b", "c"], without duplicates. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

const UNCHANGED: HighlightPatch = { color: null, note: null, tags: null, reattach: null };

export class ArticleAnnotations {
  readonly articleId: string;
  highlights = $state.raw<Highlight[]>([]);
  notes = $state.raw<Note[]>([]);
  loaded = $state(false);
  /** The last failure, shown in the sidebar until the next success. */
  error = $state<ApiError | null>(null);

  constructor(articleId: string) {
    this.articleId = articleId;
  }

  async load(): Promise<void> {
    try {
      const loaded = await backend.articleAnnotations(this.articleId);
      this.highlights = [...loaded.highlights].sort(byReadingOrder);
      this.notes = loaded.notes;
      this.error = null;
    } catch (caught) {
      this.error = ApiError.from(caught);
    } finally {
      this.loaded = true;
    }
  }

  async addHighlight(anchor: Anchor, color: HighlightColor): Promise<Highlight | null> {
    return this.#attempt(async () => {
      const created = await backend.addHighlight(this.articleId, { ...anchor, color, note: null, tags: [] });
      this.#put(created);
      return created;
    });
  }

  /** Changes colour, note (empty clears it) or tags; fields left out stay as they are. */
  async updateHighlight(
    id: string,
    patch: Partial<Pick<HighlightPatch, 'color' | 'note' | 'tags'>>,
  ): Promise<Highlight | null> {
    return this.#attempt(async () => {
      const updated = await backend.updateHighlight(id, { ...UNCHANGED, ...patch });
      this.#put(updated);
      return updated;
    });
  }

  /** Places an orphan on newly selected text; the server clears `orphan`. */
  async reattach(id: string, anchor: Anchor): Promise<Highlight | null> {
    return this.#attempt(async () => {
      const updated = await backend.updateHighlight(id, { ...UNCHANGED, reattach: anchor });
      this.#put(updated);
      return updated;
    });
  }

  async removeHighlight(id: string): Promise<boolean> {
    const done = await this.#attempt(async () => {
      await backend.deleteHighlight(id);
      this.highlights = this.highlights.filter((highlight) => highlight.id !== id);
      return true;
    });
    return done ?? false;
  }

  async addNote(body: string): Promise<Note | null> {
    return this.#attempt(async () => {
      const created = await backend.addNote(this.articleId, { body });
      this.notes = [...this.notes, created];
      return created;
    });
  }

  async updateNote(id: string, body: string): Promise<Note | null> {
    return this.#attempt(async () => {
      const updated = await backend.updateNote(id, { body });
      this.notes = this.notes.map((note) => (note.id === id ? updated : note));
      return updated;
    });
  }

  async removeNote(id: string): Promise<boolean> {
    const done = await this.#attempt(async () => {
      await backend.deleteNote(id);
      this.notes = this.notes.filter((note) => note.id !== id);
      return true;
    });
    return done ?? false;
  }

  #put(highlight: Highlight): void {
    this.highlights = [...this.highlights.filter((existing) => existing.id !== highlight.id), highlight].sort(
      byReadingOrder,
    );
  }

  async #attempt<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      const result = await run();
      this.error = null;
      return result;
    } catch (caught) {
      this.error = ApiError.from(caught);
      return null;
    }
  }
}
