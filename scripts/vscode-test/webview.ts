// Finding a webview's content in the workbench page: each webview is an iframe holding another
// iframe (#active-frame) with the extension's HTML. Shared by the end-to-end tests and the demo.
import type { Frame, Page } from 'playwright-core';

/** The content frame of the visible webview that has `selector` (optionally with `text`). */
export async function webviewFrame(page: Page, selector: string, opts: { text?: string | RegExp; timeout?: number } = {}): Promise<Frame> {
  const end = Date.now() + (opts.timeout ?? 20_000);
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        const el = frame.locator(selector).first();
        if (!(await el.count()) || !(await el.isVisible())) continue;
        if (opts.text !== undefined) {
          const t = await el.innerText();
          if (typeof opts.text === 'string' ? !t.includes(opts.text) : !opts.text.test(t)) continue;
        }
        return frame;
      } catch {
        // the frame went away while we looked
      }
    }
    if (Date.now() > end) throw new Error(`no visible webview with ${selector}${opts.text ? ` (${String(opts.text)})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** True while any webview shows `selector` (the decision panel: '#headline'). */
export async function webviewShows(page: Page, selector: string): Promise<boolean> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    try {
      if ((await frame.locator(selector).count()) && (await frame.locator(selector).first().isVisible())) return true;
    } catch {
      // detached meanwhile
    }
  }
  return false;
}
