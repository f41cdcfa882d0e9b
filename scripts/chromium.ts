import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (Playwright's own browser download cannot work here); CHROMIUM overrides the path. */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, sandbox-free as root, and no background networking: the machine's closed network refuses it. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
