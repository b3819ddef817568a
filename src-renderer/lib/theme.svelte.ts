/** Light or dark: the system's choice unless the user picks one (remembered). Sets `data-theme` on <html>. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'spanscope.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');

class Theme {
  choice = $state<ThemeChoice>((localStorage.getItem(STORAGE_KEY) as ThemeChoice | null) ?? 'system');

  constructor() {
    systemDark.addEventListener('change', () => this.apply());
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    localStorage.setItem(STORAGE_KEY, choice);
    this.apply();
  }

  private apply(): void {
    const dark = this.choice === 'dark' || (this.choice === 'system' && systemDark.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }
}

export const theme = new Theme();
