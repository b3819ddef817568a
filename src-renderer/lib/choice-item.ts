/** One choice of a Select or Combobox: `hint` is shown dimmed after the label (a kind, a count). */
export interface ChoiceItem {
  value: string;
  label: string;
  hint?: string;
}
