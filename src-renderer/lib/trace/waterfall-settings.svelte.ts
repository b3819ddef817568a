/**
 * What the waterfall remembers between traces: the width of its name column and whether the critical path is
 * drawn. Kept in localStorage.
 */
import { NAME_COLUMN } from './name-column';

const NAME_KEY = 'spanscope.waterfall.nameColumn';
const CRITICAL_KEY = 'spanscope.waterfall.criticalPath';

class WaterfallSettings {
  nameWidth = $state(Number(localStorage.getItem(NAME_KEY)) || NAME_COLUMN.initial);
  criticalPath = $state(localStorage.getItem(CRITICAL_KEY) !== 'hidden');

  setNameWidth(width: number): void {
    this.nameWidth = width;
    localStorage.setItem(NAME_KEY, String(width));
  }

  setCriticalPath(shown: boolean): void {
    this.criticalPath = shown;
    localStorage.setItem(CRITICAL_KEY, shown ? 'shown' : 'hidden');
  }
}

export const waterfallSettings = new WaterfallSettings();
