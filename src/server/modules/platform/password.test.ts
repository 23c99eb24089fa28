import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('senha-muito-segura');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('senha-muito-segura', hash)).toBe(true);
    expect(await verifyPassword('senha-muito-segurA', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('mesma-senha-123')).not.toBe(await hashPassword('mesma-senha-123'));
  });

  it('treats unicode-equivalent passwords alike (NFKC)', async () => {
    const hash = await hashPassword('cafe\u0301-com-açúcar');
    expect(await verifyPassword('café-com-açúcar', hash)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});
