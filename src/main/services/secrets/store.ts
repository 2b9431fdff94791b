import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretsInfo } from '../../../shared/profiles';

/** Turns a secret into bytes only this machine (or this data dir) can turn back. */
export interface Cipher {
  readonly backend: SecretsInfo['backend'];
  readonly note: string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

function writePrivateFile(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data, { mode: 0o600 });
  fs.renameSync(temp, file);
  fs.chmodSync(file, 0o600);
}

/**
 * The web host's cipher: AES-256-GCM with a random key kept in the data dir (mode 0600). It
 * protects a copied database or secrets file, not an attacker who can read the whole data dir
 * as this user, which the UI says plainly.
 */
export function createKeyFileCipher(dataDir: string): Cipher {
  const keyFile = path.join(dataDir, 'secret.key');
  let key: Buffer | null = null;
  const loadKey = (): Buffer => {
    if (key) return key;
    if (fs.existsSync(keyFile)) {
      key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
      if (key.length !== 32) throw new Error(`The key file ${keyFile} is damaged.`);
    } else {
      key = randomBytes(32);
      writePrivateFile(keyFile, key.toString('base64'));
    }
    return key;
  };
  return {
    backend: 'key_file',
    note: 'Keys are encrypted with a key file in Cairn’s data folder (readable only by you). This is weaker than the desktop app, which uses the operating system’s keychain.',
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: (data) => {
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * Encrypted secrets by reference, in one 0600 file beside the database. The metadata database
 * only ever holds the reference, so a copied database leaks nothing, and no secret is ever
 * returned through a contract.
 */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  get info(): SecretsInfo {
    return { backend: this.cipher.backend, note: this.cipher.note };
  }

  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  set(ref: string, value: string): void {
    const all = this.read();
    all[ref] = this.cipher.encrypt(value).toString('base64');
    writePrivateFile(this.file, JSON.stringify(all));
  }

  get(ref: string): string | null {
    const stored = this.read()[ref];
    return stored === undefined ? null : this.cipher.decrypt(Buffer.from(stored, 'base64'));
  }

  delete(ref: string): void {
    const all = this.read();
    if (!(ref in all)) return;
    delete all[ref];
    writePrivateFile(this.file, JSON.stringify(all));
  }
}
