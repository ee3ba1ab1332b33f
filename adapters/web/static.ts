/**
 * Serves the chat page, the embeddable widget and the hotline console from the `web/` folder.
 * Only the files listed here are served (no directory listing, no stray files).
 *
 *   /                    chat page (may be framed by any site: it is what embed.js opens)
 *   /embed.js            the floating-button widget for other sites
 *   /console/            hotline console (`/console` redirects here, query kept, so relative links work)
 *   /console/doc.html    whole-document view, `?doc=ID#clauseId`
 */
import path from 'node:path';
import { Router, type Response } from 'express';
import { fromRoot } from '../../paths/projectRoot';

/** The `web/` folder, found from this file rather than the working directory. */
export const WEB_DIR = `${fromRoot('web')}${path.sep}`;

/** Seconds browsers may reuse scripts and styles before asking again. */
const ASSET_MAX_AGE_SECONDS = 300;

/** Pages and scripts load only from this server; the chat page may be framed anywhere, the console nowhere else. */
const CSP_BASE = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'";

export interface StaticFile {
  file: string;
  /** Who may show the page in a frame (`frame-ancestors`). */
  frameAncestors?: string;
}

/** URL path → file in `web/`. */
const FILES: Record<string, StaticFile> = {
  '/': { file: 'index.html', frameAncestors: '*' },
  '/chat.js': { file: 'chat.js' },
  '/cite.js': { file: 'cite.js' },
  '/chat.css': { file: 'chat.css' },
  '/embed.js': { file: 'embed.js' },
  '/console/': { file: 'console.html', frameAncestors: "'self'" },
  '/console/console.js': { file: 'console.js' },
  '/console/console.css': { file: 'console.css' },
  '/console/doc.html': { file: 'doc.html', frameAncestors: "'self'" },
  '/console/doc.js': { file: 'doc.js' },
  '/console/cite.js': { file: 'cite.js' },
};

export function sendStatic(res: Response, entry: StaticFile): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (entry.file.endsWith('.html')) {
    res.setHeader('Content-Security-Policy', `${CSP_BASE}; frame-ancestors ${entry.frameAncestors ?? "'none'"}`);
    res.setHeader('Cache-Control', 'no-cache');
  } else {
    res.setHeader('Cache-Control', `public, max-age=${ASSET_MAX_AGE_SECONDS}`);
  }
  res.sendFile(path.join(WEB_DIR, entry.file));
}

export function createStaticRouter(): Router {
  const router = Router();
  // Routing is not strict, so this route also sees `/console/`: only the slash-less form redirects.
  router.get('/console', (req, res, next) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) {
      next();
      return;
    }
    // Keep the search (`/console?q=异地就医&region=甘肃`): the console reads it from the address.
    const url = req.originalUrl;
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    res.redirect(301, `console/${query}`);
  });
  for (const [urlPath, entry] of Object.entries(FILES)) {
    router.get(urlPath, (_req, res) => sendStatic(res, entry));
  }
  return router;
}
