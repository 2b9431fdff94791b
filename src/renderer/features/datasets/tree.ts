import type { Version } from '../../../shared/datasets';

export interface TreePlace {
  version: Version;
  /** "v1", "v2"… in the order the versions were made. */
  name: string;
  depth: number;
  childCount: number;
  /**
   * Column of the drawing: a first child continues its parent's lane, a later child opens a new
   * lane, so a straight history is one straight line and each branch forks to its own lane.
   */
  lane: number;
  /** On the way from the root to the current version. */
  onCurrentPath: boolean;
}

/**
 * The version tree laid out in lanes: depth from the root gives the row, a depth-first walk
 * (children in the order they were made) gives the order of the list and the lanes.
 */
export function layoutTree(versions: Version[], currentId: string | null = null): TreePlace[] {
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
  const byId = new Map(versions.map((v) => [v.id, v]));
  const onPath = new Set<string>();
  for (
    let at = currentId ? byId.get(currentId) : undefined;
    at;
    at = at.parentId ? byId.get(at.parentId) : undefined
  ) {
    if (onPath.has(at.id)) break;
    onPath.add(at.id);
  }
  let lanes = 0;
  // Iterative depth-first walk: a history of thousands of versions must not exhaust the stack.
  const stack: { v: Version; depth: number; lane: number }[] = [];
  for (const root of [...(children.get(null) ?? [])].reverse()) {
    stack.push({ v: root, depth: 0, lane: -1 });
  }
  while (stack.length > 0) {
    const { v, depth, lane } = stack.pop() as (typeof stack)[number];
    const kids = children.get(v.id) ?? [];
    const place: TreePlace = {
      version: v,
      name: names.get(v.id) ?? '?',
      depth,
      childCount: kids.length,
      lane: lane >= 0 ? lane : lanes++,
      onCurrentPath: onPath.has(v.id),
    };
    places.push(place);
    // Later children first onto the stack, so the first child is walked next and keeps the lane.
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ v: kids[i] as Version, depth: depth + 1, lane: i === 0 ? place.lane : -1 });
    }
  }
  // A branch's lane is only opened when it is reached, so lanes number left to right in walk order.
  return places;
}
