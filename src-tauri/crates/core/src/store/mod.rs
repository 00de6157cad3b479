//! What every ledger shares: the database and its migrations, [`Ledger`](crate::Ledger) and
//! [`Tx`](crate::Tx), the audit trail, evidence files, Chinese search, the Excel mechanism,
//! dates and where the data lives. Nothing here knows about a particular ledger.

pub mod audit;
pub mod dates;
pub mod db;
pub mod evidence;
pub mod excel;
pub mod files;
pub(crate) mod ledger;
pub mod lock;
mod memo;
pub mod paths;
pub mod place;
pub mod search;
pub(crate) mod settings;
pub mod text;
mod zh_enum;
