import { describe, expect, it } from 'vitest';
import { AuditHelper } from './helper-thread.js';

describe('the audit log helper thread', () => {
  it('stops at once when it has already ended (here: its log cannot be opened), instead of waiting forever', async () => {
    const helper = new AuditHelper('/nonexistent-masec-dir/audit.sqlite', { synchronous: 'NORMAL', intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await Promise.race([helper.stop().then(() => 'stopped'), new Promise((resolve) => setTimeout(() => resolve('hung'), 2000))]);
    expect(stopped).toBe('stopped');
  });
});
