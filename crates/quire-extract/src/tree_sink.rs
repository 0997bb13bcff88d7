//! `dom_query`'s tree sink with element names carried in the handles.
//!
//! html5ever's tree builder asks for an element's name all the time: every
//! block start tag tests whether a `<p>` is open in button scope, walking
//! the stack of open elements and asking each one's name twice. With
//! `dom_query`'s own sink each answer is a look-up in the tree's node
//! vector behind a `RefCell`; here a handle holds its element's namespace
//! and local name (two atoms, copied when a handle is), so the answer is
//! the handle itself. Everything else is passed to `dom_query` unchanged,
//! so the tree is the one `dom_query` would build (the tests in
//! [`crate::tree`] compare it with html5ever's own parse).

use std::borrow::Cow;

use dom_query::{Document, NodeId};
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, ExpandedName, LocalName, Namespace, QualName};

/// A node as the tree builder holds it.
#[derive(Clone)]
pub struct Handle {
    id: NodeId,
    /// The element's name; empty for other nodes, whose names the builder
    /// never asks.
    ns: Namespace,
    local: LocalName,
}

impl Handle {
    fn node(id: NodeId) -> Self {
        Handle { id, ns: Namespace::default(), local: LocalName::default() }
    }
}

/// The sink the tree builder writes to: a `dom_query` document.
pub struct NamedSink {
    pub doc: Document,
}

fn ids(child: NodeOrText<Handle>) -> NodeOrText<NodeId> {
    match child {
        NodeOrText::AppendNode(handle) => NodeOrText::AppendNode(handle.id),
        NodeOrText::AppendText(text) => NodeOrText::AppendText(text),
    }
}

impl TreeSink for NamedSink {
    type Handle = Handle;
    type Output = Document;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Document {
        self.doc
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.doc.parse_error(msg);
    }

    fn get_document(&self) -> Handle {
        Handle::node(self.doc.get_document())
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        ExpandedName { ns: &target.ns, local: &target.local }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let (ns, local) = (name.ns.clone(), name.local.clone());
        Handle { id: self.doc.create_element(name, attrs, flags), ns, local }
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        Handle::node(self.doc.create_comment(text))
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        Handle::node(self.doc.create_pi(target, data))
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.doc.append(&parent.id, ids(child));
    }

    fn append_based_on_parent_node(&self, element: &Handle, prev_element: &Handle, child: NodeOrText<Handle>) {
        self.doc.append_based_on_parent_node(&element.id, &prev_element.id, ids(child));
    }

    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.doc.append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &Handle) {
        self.doc.mark_script_already_started(&node.id);
    }

    fn pop(&self, node: &Handle) {
        self.doc.pop(&node.id);
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        Handle::node(self.doc.get_template_contents(&target.id))
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.doc.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.doc.append_before_sibling(&sibling.id, ids(new_node));
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.doc.add_attrs_if_missing(&target.id, attrs);
    }

    fn associate_with_form(&self, target: &Handle, form: &Handle, nodes: (&Handle, Option<&Handle>)) {
        self.doc.associate_with_form(&target.id, &form.id, (&nodes.0.id, nodes.1.map(|h| &h.id)));
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.doc.remove_from_parent(&target.id);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.doc.reparent_children(&node.id, &new_parent.id);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.doc.is_mathml_annotation_xml_integration_point(&handle.id)
    }

    fn set_current_line(&self, line_number: u64) {
        self.doc.set_current_line(line_number);
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &Handle) -> bool {
        self.doc.allow_declarative_shadow_roots(&intended_parent.id)
    }

    fn attach_declarative_shadow(&self, location: &Handle, template: &Handle, attrs: &[Attribute]) -> bool {
        self.doc.attach_declarative_shadow(&location.id, &template.id, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &Handle) {
        self.doc.maybe_clone_an_option_into_selectedcontent(&option.id);
    }
}
