import { create } from 'zustand';
import { CairnError } from '../../shared/result';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push(tone: Toast['tone'], message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push: (tone, message) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, tone, message }] }));
    // Errors stay until dismissed: a person may need to read them twice.
    if (tone === 'info') setTimeout(() => useToasts.getState().dismiss(id), 4000);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export function errorMessage(error: unknown): string {
  if (error instanceof CairnError) return error.message;
  return 'Something went wrong. Please try again.';
}

/** Shows an envelope error as a toast; returns undefined instead of throwing. */
export async function withErrorToast<T>(action: Promise<T>): Promise<T | undefined> {
  try {
    return await action;
  } catch (error) {
    useToasts.getState().push('error', errorMessage(error));
    return undefined;
  }
}
