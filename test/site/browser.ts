import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'

/** Debian's Chromium; nothing downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium'

/** Whether the system Chromium is installed. */
export const chromiumAvailable = existsSync(CHROMIUM)

/** A headless Chromium with a fresh profile, and how to close it and remove the profile. */
export interface Session {
  readonly browser: Browser
  /** Requests to anything but file:// (each is aborted). */
  readonly network: string[]
  /** A new page that refuses every non-file request and records it in `network`. */
  newPage(options?: { javaScript?: boolean; width?: number }): Promise<Page>
  close(): Promise<void>
}

/** Starts Chromium as the tests need it: headless, no sandbox (root), no background network, a temp profile. */
export async function startBrowser(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'evcat-chromium-'))
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  })
  const network: string[] = []
  return {
    browser,
    network,
    async newPage({ javaScript = true, width = 1200 } = {}) {
      const page = await browser.newPage()
      await page.setViewport({ width, height: 900 })
      await page.setJavaScriptEnabled(javaScript)
      await page.setRequestInterception(true)
      page.on('request', (request) => {
        if (request.url().startsWith('file:')) void request.continue()
        else {
          network.push(request.url())
          void request.abort()
        }
      })
      return page
    },
    async close() {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
