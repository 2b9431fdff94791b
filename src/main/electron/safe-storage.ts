import { safeStorage } from 'electron';
import { createKeyFileCipher, type Cipher } from '../services/secrets/store';

/**
 * API keys on the desktop are encrypted by the OS keychain through safeStorage. On Linux
 * without a keyring, Electron falls back to a hard-coded password ("basic_text"), which the
 * settings screen says plainly; with no encryption at all, the key-file cipher is used.
 */
export function createSafeStorageCipher(dataDir: string): Cipher {
  if (!safeStorage.isEncryptionAvailable()) return createKeyFileCipher(dataDir);
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  return {
    backend: weak ? 'os_weak' : 'os',
    note: weak
      ? 'No system keyring was found, so keys are only obfuscated (Electron’s basic_text backend). Install and unlock a keyring (GNOME Keyring or KWallet) for real encryption.'
      : 'Keys are encrypted with your operating system’s keychain.',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
