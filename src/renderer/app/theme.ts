import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'cairn.theme';

function stored(): ThemeChoice {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

const media = window.matchMedia('(prefers-color-scheme: dark)');

function apply(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (media.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = resolved;
}

interface ThemeState {
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

/** Follows the OS unless the person picks light or dark; the choice is kept per browser/profile. */
export const useTheme = create<ThemeState>((set) => ({
  choice: stored(),
  setChoice: (choice) => {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
    apply(choice);
    set({ choice });
  },
}));

apply(useTheme.getState().choice);
media.addEventListener('change', () => apply(useTheme.getState().choice));
