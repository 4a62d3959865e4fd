// Light and dark themes: CSS variables switched by `data-theme` on <html>; the choice is
// remembered, and the system's preference is the default.
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'flashlight.theme';

export function initialTheme(): Theme {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function saveTheme(theme: Theme): void {
  localStorage.setItem(STORAGE_KEY, theme);
  applyTheme(theme);
}

/** A canvas cannot read CSS variables by itself: this reads the current theme's value. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
