/** A file dropped on the UI's window, as a user drags one from their file manager. */
import type { Page } from '@playwright/test';

/** `whileDragging` runs between the drag over the window and the drop (to check the drop zone, say). */
export async function dropFile(page: Page, name: string, content: string, whileDragging: () => Promise<void> = async () => {}): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, text]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], fileName, { type: 'application/json' }));
      return transfer;
    },
    [name, content] as const,
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await whileDragging();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}
