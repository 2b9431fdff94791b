import { create } from 'zustand';
import type { HistoryEntry, Profile, SecretsInfo } from '../../../shared/profiles';
import { client } from '../../lib/client';

interface ProfilesState {
  profiles: Profile[];
  history: HistoryEntry[];
  secrets: SecretsInfo | null;
  loaded: boolean;
  load(): Promise<void>;
}

/** Profiles and the whole change history, reloaded whenever any window changes a profile. */
export const useProfiles = create<ProfilesState>((set) => ({
  profiles: [],
  history: [],
  secrets: null,
  loaded: false,
  load: async () => {
    const [profiles, history, secrets] = await Promise.all([
      client.invoke('profiles:list'),
      client.invoke('profiles:history', { limit: 500 }),
      client.invoke('profiles:secretsInfo'),
    ]);
    set({ profiles, history, secrets, loaded: true });
  },
}));

export function subscribeToProfileChanges(): () => void {
  return client.on('profiles:changed', () => {
    void useProfiles
      .getState()
      .load()
      .catch(() => undefined);
  });
}
