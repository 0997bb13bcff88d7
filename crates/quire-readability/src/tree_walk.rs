//! A subtree walked in document order, each node looked up once (Quire):
//! its links to the next node come along with what the caller reads of it.
//! The text index and the name and attribute searches walk this way.

use dom_query::{NodeId, NodeRef, TreeNode};

/// A step of [`walk`], carrying what `read` made of an entered node.
pub(crate) enum Step<K> {
    /// Down into a node.
    Enter(NodeId, K),
    /// Done with a node's subtree.
    Leave(NodeId),
}

/// Visits `root`'s subtree, `root` included, in document order (the order of
/// `dom_query`'s descendant iterators), telling `visit` what `read` says of
/// each node as it enters it and when it is done with its subtree.
pub(crate) fn walk<K: Default>(
    root: &NodeRef,
    read: impl Fn(&TreeNode) -> K,
    mut visit: impl FnMut(Step<K>),
) {
    let tree = root.tree;
    let mut id = root.id;
    loop {
        // One look-up per node: its links come along with what it holds.
        let (first_child, mut next, mut up, seen) =
            tree.query_node_or(&id, (None, None, None, K::default()), |n| {
                (n.first_child, n.next_sibling, n.parent, read(n))
            });
        visit(Step::Enter(id, seen));
        if let Some(child) = first_child {
            id = child;
            continue;
        }
        visit(Step::Leave(id));
        if id == root.id {
            return;
        }
        // Up through the ancestors this leaf ends, to the next sibling.
        loop {
            if let Some(sibling) = next {
                id = sibling;
                break;
            }
            // `up` is `None` only above `root`, which is never passed.
            let Some(parent) = up else { return };
            visit(Step::Leave(parent));
            if parent == root.id {
                return;
            }
            (next, up) = tree.query_node_or(&parent, (None, None), |n| (n.next_sibling, n.parent));
        }
    }
}
