import type { ChatMessage } from './chat';
import type { Version } from './datasets';

/**
 * Which messages of a conversation made a new version of its dataset. Nothing extra is stored
 * for this: a tool call's message keeps the version current when it was made, and its result
 * keeps the version current after it ran (both in the messages' version column, which a deleted
 * version sets to null). An apply whose result is a child of the version it started from made
 * that child, so a reloaded conversation shows the same changes as the live one.
 */

/** The tool whose success makes a version (a model's call or the built-in assistant's). */
export const VERSION_MAKING_TOOL = 'apply_operation';

export interface ChatVersionChange {
  /** The tool result message that reports the change. */
  messageId: string;
  version: Version;
  /** "v3": the version's number in the dataset, as the versions panel names it. */
  name: string;
}

/** "v1", "v2"… in the order the versions were made (the versions panel's names). */
export function versionNames(versions: readonly Version[]): Map<string, string> {
  return new Map(versions.map((v, i) => [v.id, `v${i + 1}`]));
}

/** The version `versionNames` calls `name` ("v3", any case), if there is one. */
export function versionNamed(versions: readonly Version[], name: string): Version | undefined {
  const n = /^v([1-9]\d*)$/i.exec(name.trim())?.[1];
  return n === undefined ? undefined : versions[Number(n) - 1];
}

/** "v3 — Drop column city": a version as people read it, never by its id. */
export function versionTitle(version: Version, names: ReadonlyMap<string, string>): string {
  return `${names.get(version.id) ?? 'A version'} — ${version.summary}`;
}

/** The changes, by the id of the tool result message that reports each. */
export function versionChanges(
  messages: readonly ChatMessage[],
  versions: readonly Version[],
): Map<string, ChatVersionChange> {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const names = versionNames(versions);
  /** Call id → the version current when the call was made, for calls that can make a version. */
  const startedOn = new Map<string, string | null>();
  const changes = new Map<string, ChatVersionChange>();
  for (const m of messages) {
    if (m.role === 'assistant') {
      for (const call of m.toolCalls ?? []) {
        if (call.name === VERSION_MAKING_TOOL) startedOn.set(call.id, m.versionId);
      }
      continue;
    }
    if (m.role !== 'tool' || m.toolCallId === null || m.versionId === null) continue;
    if (!startedOn.has(m.toolCallId)) continue;
    const before = startedOn.get(m.toolCallId) ?? null;
    const version = byId.get(m.versionId);
    if (!version || before === null || version.id === before || version.parentId !== before) continue;
    changes.set(m.id, { messageId: m.id, version, name: names.get(version.id) ?? '' });
  }
  return changes;
}
