/** Where the span detail opens: in a pane beside the waterfall, or under its row (Jaeger's way). Remembered. */
const KEY = 'spanscope.detailPlacement';

export type DetailPlacement = 'side' | 'below';

class DetailPlacementSetting {
  value = $state<DetailPlacement>(localStorage.getItem(KEY) === 'below' ? 'below' : 'side');

  set(next: DetailPlacement): void {
    this.value = next;
    localStorage.setItem(KEY, next);
  }
}

export const detailPlacement = new DetailPlacementSetting();
