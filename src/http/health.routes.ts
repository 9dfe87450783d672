import { Router } from 'express';

/** How long `/readyz` waits for the database before calling it unavailable. */
const READY_TIMEOUT_MS = 2000;

/**
 * Probes for orchestrators. `/healthz`: the process is up and serving (liveness). `/readyz`: the
 * database answers too (readiness); 503 while it does not, so traffic goes elsewhere but the
 * process is not restarted for a database outage.
 */
export function healthRoutes(ping: () => Promise<void>): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await withTimeout(ping(), READY_TIMEOUT_MS);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  return r;
}

/** `work`, or a rejection once `ms` passed: a database stuck behind a lock is not ready either. */
async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
