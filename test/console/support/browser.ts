/** One headless Chromium per test file, with the flags the brief fixes. */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run \`make chromium\` (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export type PageWatch = {
  dialogs: string[]
  consoleMessages: string[]
  foreignRequests: string[]
  cspViolations: () => Promise<string[]>
}

/**
 * Records what must never happen: JavaScript dialogs, requests leaving the origin, CSP
 * violations (collected in the page by an init script, which CSP does not govern).
 */
export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  const watch = {
    dialogs: [] as string[],
    consoleMessages: [] as string[],
    foreignRequests: [] as string[],
  }
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('console', (message) => watch.consoleMessages.push(message.text()))
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) watch.foreignRequests.push(url)
  })
  await page.addInitScript(() => {
    const store: string[] = []
    Object.defineProperty(window, '__cspViolations', { value: store })
    document.addEventListener(
      'securitypolicyviolation',
      (event) => store.push(`${event.violatedDirective}: ${event.blockedURI}`),
      true,
    )
  })
  return {
    ...watch,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
  }
}

export type WatchedBrowser = {
  context: BrowserContext
  /** The file's main page, watched from its first navigation. */
  page: Page
  watch: PageWatch
  close: () => Promise<void>
}

/** What every console test file starts with: one browser, one desktop-sized context, one watched page. */
export async function openWatchedBrowser(origin: string): Promise<WatchedBrowser> {
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } })
  const page = await context.newPage()
  const watch = await watchPage(page, origin)
  return {
    context,
    page,
    watch,
    close: async () => {
      await context.close()
      await browser.close()
    },
  }
}
