import { Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useMemo } from 'react';
import { useTheme } from '../../app/theme';
import { plural } from '../../../shared/text';
import type { TreePlace } from './tree';

type VersionNodeData = {
  name: string;
  summary: string;
  label: string | null;
  rows: number;
  current: boolean;
  viewed: boolean;
  onPath: boolean;
};
type VersionNode = Node<VersionNodeData, 'version'>;

/** Small nodes (name and badges; the summary is the tooltip), so a long history stays legible when fitted. */
const NODE_WIDTH = 112;
const X_GAP = 132;
const Y_GAP = 54;

const VersionNodeView = memo(function VersionNodeView({ data }: NodeProps<VersionNode>) {
  return (
    <div
      className={`tree-node${data.current ? ' current' : ''}${data.viewed ? ' viewed' : ''}${data.onPath ? ' on-path' : ''}`}
      title={`${data.summary} · ${plural(data.rows, 'row')}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="tree-node-head">
        <strong>{data.name}</strong>
        {data.current && <span className="badge current-badge">current</span>}
        {data.label && <span className="badge">{data.label}</span>}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { version: VersionNodeView };

/**
 * The version tree drawn with React Flow in the lanes of the list beside it; a click previews
 * that version in the grid. Fit and zoom buttons; the nodes are not tab stops (the list is the
 * keyboard's way through the versions).
 */
export function VersionTree({
  places,
  currentId,
  viewedId,
  onSelect,
}: {
  places: TreePlace[];
  currentId: string | null;
  viewedId: string | null;
  onSelect(versionId: string): void;
}) {
  const colorMode = useTheme((s) => s.choice);
  const { nodes, edges } = useMemo(() => {
    const nodes: VersionNode[] = places.map((p) => ({
      id: p.version.id,
      type: 'version',
      position: { x: p.lane * X_GAP, y: p.depth * Y_GAP },
      width: NODE_WIDTH,
      data: {
        name: p.name,
        summary: p.version.summary,
        label: p.version.label,
        rows: p.version.rowCount,
        current: p.version.id === currentId,
        viewed: p.version.id === viewedId,
        onPath: p.onCurrentPath,
      },
      draggable: false,
      connectable: false,
      ariaLabel: `${p.name}: ${p.version.summary}`,
    }));
    const edges: Edge[] = places
      .filter((p) => p.version.parentId)
      .map((p) => ({
        id: `${p.version.parentId}->${p.version.id}`,
        source: p.version.parentId as string,
        target: p.version.id,
        type: 'smoothstep',
        className: p.onCurrentPath ? 'on-path' : undefined,
      }));
    return { nodes, edges };
  }, [places, currentId, viewedId]);

  return (
    <div className="tree-canvas">
      <ReactFlow
        // A new shape refits the view; moving the current pointer does not.
        key={places.length}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={colorMode}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1, minZoom: 0.05 }}
        minZoom={0.05}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesFocusable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={(_event, node) => onSelect(node.id)}
        aria-label="Version tree"
        // The attribution's low-contrast link fails WCAG contrast; React Flow's licence (MIT) allows hiding it.
        proOptions={{ hideAttribution: true }}
      >
        <Controls showInteractive={false} fitViewOptions={{ padding: 0.15, maxZoom: 1, minZoom: 0.05 }} />
      </ReactFlow>
    </div>
  );
}
