import type { Component } from 'svelte';

/** One choice of a Select or Combobox: `hint` is shown dimmed after the label (a kind, a count); `icon` before it. */
export interface ChoiceItem {
  value: string;
  label: string;
  hint?: string;
  icon?: Component<{ size?: number; 'aria-hidden'?: 'true' }>;
}
