/**
 * The reader's look: typeface, size, measure and theme. Remembered in
 * localStorage so every article opens the way the reader left the last one.
 * The theme applies to the whole window, not just the reader.
 */

export type Theme = 'system' | 'light' | 'sepia' | 'dark';
export type Typeface = 'serif' | 'sans';
export type Measure = 'narrow' | 'medium' | 'wide';

export const THEMES: readonly Theme[] = ['system', 'light', 'sepia', 'dark'];
export const TYPEFACES: readonly Typeface[] = ['serif', 'sans'];
export const MEASURES: readonly Measure[] = ['narrow', 'medium', 'wide'];
/** Text sizes in px; `size` is an index into this list. */
export const SIZES: readonly number[] = [15, 16, 17, 18, 20, 22, 24, 27];

const STORAGE_KEY = 'quire.reader-settings.v1';

interface Stored {
  theme: Theme;
  typeface: Typeface;
  size: number;
  measure: Measure;
}

const DEFAULTS: Stored = { theme: 'system', typeface: 'serif', size: 3, measure: 'medium' };

function load(): Stored {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return { ...DEFAULTS };
    const value = JSON.parse(raw) as Partial<Stored>;
    return {
      theme: THEMES.includes(value.theme as Theme) ? (value.theme as Theme) : DEFAULTS.theme,
      typeface: TYPEFACES.includes(value.typeface as Typeface) ? (value.typeface as Typeface) : DEFAULTS.typeface,
      size:
        Number.isInteger(value.size) && (value.size as number) >= 0 && (value.size as number) < SIZES.length
          ? (value.size as number)
          : DEFAULTS.size,
      measure: MEASURES.includes(value.measure as Measure) ? (value.measure as Measure) : DEFAULTS.measure,
    };
  } catch {
    // Private mode or a corrupt value: fall back rather than break the reader.
    return { ...DEFAULTS };
  }
}

export class ReaderSettings {
  theme = $state<Theme>(DEFAULTS.theme);
  typeface = $state<Typeface>(DEFAULTS.typeface);
  size = $state<number>(DEFAULTS.size);
  measure = $state<Measure>(DEFAULTS.measure);

  constructor() {
    const stored = load();
    this.theme = stored.theme;
    this.typeface = stored.typeface;
    this.size = stored.size;
    this.measure = stored.measure;
  }

  get sizePx(): number {
    return SIZES[this.size] ?? 18;
  }

  smaller(): void {
    this.size = Math.max(0, this.size - 1);
  }

  larger(): void {
    this.size = Math.min(SIZES.length - 1, this.size + 1);
  }

  save(): void {
    const value: Stored = {
      theme: this.theme,
      typeface: this.typeface,
      size: this.size,
      measure: this.measure,
    };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the setting still applies for this session.
    }
  }
}

export const settings = new ReaderSettings();
