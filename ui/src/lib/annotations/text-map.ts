/**
 * The article body's text nodes laid end to end, so that an offset into its
 * `textContent` (UTF-16, as the DOM counts) turns into a DOM `Range` and a
 * selection's boundaries turn back into offsets. Rebuilt whenever the body's
 * nodes change (the `<mark>` fallback splits text nodes; the text stays the same).
 */

export interface TextMap {
  readonly root: Element;
  /** Equal to `root.textContent`. */
  readonly text: string;
  /** Non-empty text nodes in document order. */
  readonly nodes: Text[];
  /** `starts[i]`: UTF-16 offset of `nodes[i]` in `text`. */
  readonly starts: number[];
}

export function buildTextMap(root: Element): TextMap {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    if (!text.data.length) continue;
    nodes.push(text);
    starts.push(offset);
    parts.push(text.data);
    offset += text.data.length;
  }
  return { root, text: parts.join(''), nodes, starts };
}

/** Index of the last node starting at or before `offset` (binary search); -1 when there are no nodes. */
function nodeAt(map: TextMap, offset: number): number {
  let lo = 0;
  let hi = map.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((map.starts[mid] ?? 0) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The DOM position of UTF-16 `offset`: at a start, the node whose text follows; at an end, the node whose text precedes. */
export function positionOf(map: TextMap, offset: number, side: 'start' | 'end'): { node: Text; offset: number } | null {
  if (!map.nodes.length) return null;
  let index = nodeAt(map, offset);
  if (index < 0) index = 0;
  // An end that falls exactly on a node boundary belongs to the node before it.
  if (side === 'end' && index > 0 && map.starts[index] === offset) index--;
  const node = map.nodes[index];
  const start = map.starts[index] ?? 0;
  if (!node) return null;
  return { node, offset: Math.max(0, Math.min(node.data.length, offset - start)) };
}

/** A DOM range over `text[start16, end16)`, or `null` if the map is empty. */
export function rangeFor(map: TextMap, start16: number, end16: number): Range | null {
  const from = positionOf(map, start16, 'start');
  const to = positionOf(map, end16, 'end');
  if (!from || !to) return null;
  const range = map.root.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range;
}

/**
 * The UTF-16 offsets of `range` clipped to the map's root, or `null` when it
 * does not touch the root. Boundaries may be in elements as well as text.
 */
export function offsetsOf(map: TextMap, range: Range): { start16: number; end16: number } | null {
  const { root } = map;
  if (!range.intersectsNode(root)) return null;
  const doc = root.ownerDocument;
  const clipped = range.cloneRange();
  const whole = doc.createRange();
  whole.selectNodeContents(root);
  if (clipped.compareBoundaryPoints(Range.START_TO_START, whole) < 0) clipped.setStart(root, 0);
  if (clipped.compareBoundaryPoints(Range.END_TO_END, whole) > 0) clipped.setEnd(root, root.childNodes.length);
  const before = doc.createRange();
  before.setStart(root, 0);
  before.setEnd(clipped.startContainer, clipped.startOffset);
  const start16 = before.toString().length;
  return { start16, end16: start16 + clipped.toString().length };
}

/** The UTF-16 offset of a collapsed DOM point inside the root (e.g. where a click landed), or `null`. */
export function offsetOfPoint(map: TextMap, node: Node, offset: number): number | null {
  if (!map.root.contains(node)) return null;
  const before = map.root.ownerDocument.createRange();
  before.setStart(map.root, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}
