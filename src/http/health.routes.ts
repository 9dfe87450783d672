import { Router } from 'express';
import type { StorageStatus } from './app-deps';

/** How long `/readyz` waits for the database before calling it unavailable. */
const READY_TIMEOUT_MS = 2000;

/**
 * Probes for orchestrators. `/healthz`: the process is up and serving (liveness). `/readyz`: the
 * database answers and would take a write too (readiness); 503 while it does not, with the code
 * (`FG_STORAGE_FULL`, `FG_STORAGE_READ_ONLY`) when it is a storage condition, so traffic goes
 * elsewhere but the process is not restarted for it. Ready again by itself once it clears.
 */
export function healthRoutes(storage: Pick<StorageStatus, 'check'>): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    let code;
    try {
      code = await withTimeout(storage.check(), READY_TIMEOUT_MS);
    } catch {
      return void res.status(503).json({ status: 'unavailable' });
    }
    if (code !== undefined) return void res.status(503).json({ status: 'unavailable', code });
    res.json({ status: 'ready' });
  });
  return r;
}

/** `work`, or a rejection once `ms` passed: a database stuck behind a lock is not ready either. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
