import type { Locator } from 'playwright-core';

/**
 * Clicks `opener` until `dialog` is visible (up to three clicks). A click that lands while the list behind a
 * just-closed modal re-renders can hit a button being replaced and open nothing; the user would click again.
 */
export async function openDialog(opener: Locator, dialog: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await opener.click();
    try {
      await dialog.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}
