/**
 * Whether the waterfall shows its minimap: remembered, switched by the page or by the desktop app's View menu,
 * which sets the key and sends a `storage` event (as another tab's change would).
 */
import { VIEW_SETTING_KEYS } from '../../../src-main/model/desktop';

const MINIMAP_KEY = VIEW_SETTING_KEYS.minimap;

class MinimapSetting {
  shown = $state(localStorage.getItem(MINIMAP_KEY) !== 'hidden');

  constructor() {
    addEventListener('storage', (event) => {
      if (event.key === MINIMAP_KEY) this.shown = event.newValue !== 'hidden';
    });
  }

  toggle(): void {
    this.shown = !this.shown;
    localStorage.setItem(MINIMAP_KEY, this.shown ? 'shown' : 'hidden');
  }
}

export const minimapSetting = new MinimapSetting();
