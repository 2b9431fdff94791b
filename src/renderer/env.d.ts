import type { CairnBridge } from '../preload/api';

declare global {
  interface Window {
    /** Present in the desktop app only (the preload's bridge); absent in a browser. */
    cairn?: CairnBridge;
  }
}

export {};
