/**
 * Scripts the View menu runs in the page. Each changes a remembered view setting as another tab would (the value,
 * then a `storage` event), so the page applies it at once, without a reload.
 */
import { VIEW_SETTING_KEYS } from '../model/desktop';

function storageScript(key: string, valueExpression: string): string {
  return `(() => { const key = ${JSON.stringify(key)}; const newValue = ${valueExpression}; localStorage.setItem(key, newValue); dispatchEvent(new StorageEvent('storage', { key, newValue })); })()`;
}

export function setThemeScript(theme: 'system' | 'light' | 'dark'): string {
  return storageScript(VIEW_SETTING_KEYS.theme, JSON.stringify(theme));
}

export function toggleMinimapScript(): string {
  return storageScript(VIEW_SETTING_KEYS.minimap, `localStorage.getItem(key) === 'hidden' ? 'shown' : 'hidden'`);
}
