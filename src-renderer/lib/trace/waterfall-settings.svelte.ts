/**
 * What the waterfall remembers between traces: the width of its name column, whether the critical path is
 * drawn, and whether the bars are coloured by how unusual each span is. Kept in localStorage.
 */
import { NAME_COLUMN } from './name-column';

const NAME_KEY = 'spanscope.waterfall.nameColumn';
const CRITICAL_KEY = 'spanscope.waterfall.criticalPath';
const UNUSUAL_KEY = 'spanscope.waterfall.colourByUnusual';

class WaterfallSettings {
  nameWidth = $state(Number(localStorage.getItem(NAME_KEY)) || NAME_COLUMN.initial);
  criticalPath = $state(localStorage.getItem(CRITICAL_KEY) !== 'hidden');
  /** Off unless chosen: the service colours are what a trace first shows. */
  colourByUnusual = $state(localStorage.getItem(UNUSUAL_KEY) === 'on');

  setNameWidth(width: number): void {
    this.nameWidth = width;
    localStorage.setItem(NAME_KEY, String(width));
  }

  setCriticalPath(shown: boolean): void {
    this.criticalPath = shown;
    localStorage.setItem(CRITICAL_KEY, shown ? 'shown' : 'hidden');
  }

  setColourByUnusual(on: boolean): void {
    this.colourByUnusual = on;
    localStorage.setItem(UNUSUAL_KEY, on ? 'on' : 'off');
  }
}

export const waterfallSettings = new WaterfallSettings();
