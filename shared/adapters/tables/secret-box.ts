import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Signing secrets must be readable again (HMAC needs the secret itself), so they are encrypted at rest with
 * AES-256-GCM under RELAY_ENCRYPTION_KEY (a Key Vault secret in Azure) rather than hashed like API keys.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('RELAY_ENCRYPTION_KEY must be base64 of 32 bytes');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  /**
   * A short keyed tag (HMAC-SHA256 under a key derived from RELAY_ENCRYPTION_KEY): proof that the relay issued a value,
   * checkable without storage. API keys carry one, so a made-up key is refused without a table read.
   */
  tag(value: string): string {
    const key = createHmac('sha256', this.key).update('csp-support-relay api-key tag v1').digest();
    return createHmac('sha256', key).update(value).digest().subarray(0, 12).toString('base64url');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}
