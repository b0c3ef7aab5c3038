//! Records of reads (查阅登记: a dossier opened, an ID number shown) written to the ledger in
//! groups.
//!
//! A read changes no state, but its record must be in the ledger before the page is shown. Under
//! load, most requests are reads, and one write transaction per read made the single writer the
//! bottleneck; worse, every commit empties the page cache of every other SQLite connection, so
//! reads that followed writes re-read their pages from the operating system. Here each request
//! hands its record to one writer task and waits; the task writes whatever has arrived since its
//! last write in one transaction (one head update, one INSERT per 200 records) and answers each
//! request with its entry's number. Under light load a group is one record, written at once; under
//! heavy load a group is every record that arrived while the previous one was being written, so
//! no record waits longer than one write.
//!
//! The records go through the writers' queue like every other write, in their arrival order. A
//! request that goes away after handing over its record does not take it back: the read it asked
//! for may already have been served.

use std::sync::OnceLock;

use jianquan_domain::ledger::Entry;
use tokio::sync::{mpsc, oneshot};

use crate::ledger::{self, OwnedWrite};
use crate::{Db, Result, StorageError};

/// The most records written in one transaction.
const MAX_GROUP: usize = 1_000;

struct Pending {
    write: OwnedWrite,
    done: oneshot::Sender<Result<Entry>>,
}

/// The queue of a [`Db`]'s read records; its writer task starts with the first record.
#[derive(Default)]
pub(crate) struct ReadLog {
    queue: OnceLock<mpsc::UnboundedSender<Pending>>,
}

impl std::fmt::Debug for ReadLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadLog").field("started", &self.queue.get().is_some()).finish()
    }
}

impl Db {
    /// Appends the record of a read to the ledger, in a group with the records that arrive while
    /// the previous group is being written, and returns the entry once committed.
    pub async fn record_read(&self, write: OwnedWrite) -> Result<Entry> {
        let queue = self.read_log.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            // The task's handle has a queue of its own that it never uses, so the task ends when
            // the last handle that can send to it is dropped (no cycle keeps it alive).
            let db = self.without_read_log();
            tokio::spawn(write_groups(db, receiver));
            sender
        });
        let (done, answer) = oneshot::channel();
        queue.send(Pending { write, done }).map_err(|_| StorageError::Malformed("the read log has stopped".into()))?;
        answer.await.map_err(|_| StorageError::Malformed("the read log dropped a record".into()))?
    }
}

async fn write_groups(db: Db, mut receiver: mpsc::UnboundedReceiver<Pending>) {
    let mut group = Vec::new();
    while receiver.recv_many(&mut group, MAX_GROUP).await > 0 {
        let writes: Vec<OwnedWrite> = group.iter().map(|p| p.write.clone()).collect();
        match write_group(&db, &writes).await {
            Ok(entries) => {
                for (pending, entry) in group.drain(..).zip(entries) {
                    let _ = pending.done.send(Ok(entry));
                }
            }
            Err(error) => {
                tracing::error!(%error, records = writes.len(), "could not write a group of read records");
                let busy = matches!(error, StorageError::Busy);
                let message = error.to_string();
                for pending in group.drain(..) {
                    let error = if busy { StorageError::Busy } else { StorageError::Malformed(message.clone()) };
                    let _ = pending.done.send(Err(error));
                }
            }
        }
    }
}

async fn write_group(db: &Db, writes: &[OwnedWrite]) -> Result<Vec<Entry>> {
    let mut tx = db.write().await?;
    let entries = ledger::append_all(&mut tx, writes).await?;
    tx.commit().await?;
    Ok(entries)
}
