//! Several attributes of an element read in one pass over its attributes:
//! the walks over every element ask a handful each, and a search per name
//! scanned the attributes once per question.

use html5ever::{Attribute, LocalName};

/// The value of each of `names` among `attrs`, the first of a name as a
/// search by name finds it.
pub fn first_values<'a, const N: usize>(
    attrs: impl IntoIterator<Item = &'a Attribute>,
    names: &[LocalName; N],
) -> [Option<&'a str>; N] {
    let mut found = [None; N];
    for attr in attrs {
        if let Some(i) = names.iter().position(|name| *name == attr.name.local) {
            found[i].get_or_insert(&*attr.value);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use html5ever::{Attribute, QualName, local_name, ns};

    use super::first_values;

    #[test]
    fn the_first_of_each_name() {
        let attr = |name, value: &str| Attribute { name: QualName::new(None, ns!(), name), value: value.into() };
        let attrs = [attr(local_name!("id"), "a"), attr(local_name!("class"), "b"), attr(local_name!("id"), "c")];
        let [class, id, role] = first_values(&attrs, &[local_name!("class"), local_name!("id"), local_name!("role")]);
        assert_eq!((class, id, role), (Some("b"), Some("a"), None));
    }
}
