import type { Version } from '../../../shared/datasets';

export interface TreePlace {
  version: Version;
  /** "v1", "v2"… in the order the versions were made. */
  name: string;
  depth: number;
  /** Horizontal slot: leaves take consecutive slots, a parent sits over the middle of its children. */
  slot: number;
  childCount: number;
}

/**
 * A tidy layout of the version tree: depth from the root gives the row; a depth-first walk
 * (children in the order they were made) gives leaves consecutive slots and centres parents.
 */
export function layoutTree(versions: Version[]): TreePlace[] {
  const names = new Map(versions.map((v, i) => [v.id, `v${i + 1}`]));
  const children = new Map<string | null, Version[]>();
  const known = new Set(versions.map((v) => v.id));
  for (const v of versions) {
    const parent = v.parentId && known.has(v.parentId) ? v.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(v);
    children.set(parent, list);
  }
  const places: TreePlace[] = [];
  let nextLeaf = 0;
  const walk = (v: Version, depth: number): number => {
    const kids = children.get(v.id) ?? [];
    const place: TreePlace = {
      version: v,
      name: names.get(v.id) ?? '?',
      depth,
      slot: 0,
      childCount: kids.length,
    };
    places.push(place);
    if (kids.length === 0) {
      place.slot = nextLeaf++;
    } else {
      const slots = kids.map((k) => walk(k, depth + 1));
      place.slot = ((slots[0] ?? 0) + (slots[slots.length - 1] ?? 0)) / 2;
    }
    return place.slot;
  };
  for (const root of children.get(null) ?? []) walk(root, 0);
  return places;
}
