/**
 * Light or dark: the system's choice unless the user picks one (remembered). Sets `data-theme` on <html>. The
 * desktop app's View menu sets the key and sends a `storage` event, as another tab's change would.
 */
import { VIEW_SETTING_KEYS } from '../../src-main/model/desktop';

export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = VIEW_SETTING_KEYS.theme;
const systemDark = matchMedia('(prefers-color-scheme: dark)');

class Theme {
  choice = $state<ThemeChoice>((localStorage.getItem(THEME_KEY) as ThemeChoice | null) ?? 'system');
  /** The theme shown, for what is drawn with the tokens' values rather than the variables (a canvas). */
  dark = $state(false);

  constructor() {
    systemDark.addEventListener('change', () => this.apply());
    addEventListener('storage', (event) => {
      if (event.key !== THEME_KEY) return;
      this.choice = (event.newValue as ThemeChoice | null) ?? 'system';
      this.apply();
    });
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    localStorage.setItem(THEME_KEY, choice);
    this.apply();
  }

  private apply(): void {
    const dark = this.choice === 'dark' || (this.choice === 'system' && systemDark.matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    this.dark = dark;
  }
}

export const theme = new Theme();
