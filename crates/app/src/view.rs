//! API views of storage rows. Storage rows are plain structs; what the API answers with, and
//! what the OpenAPI document describes, is declared here in the application layer, one view per
//! row with the row's field names (so the JSON is the row's), built by `From` the row.

/// Declares a view of a storage row: a struct that serializes and documents itself, and its
/// `From` the row. Each field is converted with `From` (a nested row becomes its view), and the
/// row is taken apart whole, so a field added to the row does not compile until its view has it.
macro_rules! row_view {
    (
        $(#[$meta:meta])*
        pub struct $view:ident from $row:path {
            $( $(#[$field_meta:meta])* pub $field:ident: $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
        pub struct $view {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl From<$row> for $view {
            // Most fields are the row's own type and convert to themselves.
            #[allow(clippy::useless_conversion)]
            fn from(row: $row) -> Self {
                let $row { $($field),* } = row;
                Self { $($field: $field.into()),* }
            }
        }
    };
}

pub(crate) use row_view;

/// Rows as their views.
pub fn all<R, V: From<R>>(rows: impl IntoIterator<Item = R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}
