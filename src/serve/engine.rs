//! The one database every connection shares, and how statements reach it.
//!
//! Locking: the database sits behind one asynchronous readers-writer lock. A statement is
//! first tried with the lock shared (`Database::query_shared`): one that only reads runs
//! there, side by side with every other read. One that writes is handed back untouched and
//! runs again with the lock held alone (`Database::query`, which plans, and runs the
//! statement in a graph transaction), after the reads before it have finished and before any
//! read queued after it starts (the lock is fair). A write is therefore serialised and
//! atomic, and a read never sees half of one. An explicit transaction (Bolt's BEGIN) holds the
//! lock alone until its COMMIT or ROLLBACK, so its statements and their undo are never
//! interleaved with anyone else's. How many statements may wait at once is bounded
//! (`max_statements`): past it, a request is refused at once instead of queueing without end.
//! Each statement runs on a blocking thread of its own (the statement itself then runs on
//! the thread `Database` gives it).
//!
//! Cancelling: every statement gets an id and an interrupt flag of its own; `cancel` sets the
//! flag, which stops the statement when it runs and makes it fail with `Interrupted` instead
//! of starting when it still waits.

use crate::database::Shared;
use crate::{Database, Error, ErrorKind, QueryResult, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{
    OwnedRwLockReadGuard, OwnedRwLockWriteGuard, OwnedSemaphorePermit, RwLock, Semaphore,
};

/// The database held alone: to write, for an explicit transaction, to save.
pub type Exclusive = OwnedRwLockWriteGuard<Database>;

/// What a statement is doing, for `GET /queries`.
#[derive(Clone, Debug)]
pub struct Running {
    pub statement: String,
    pub started: Instant,
    pub running: bool,
    /// Set by `cancel`: stops the statement.
    interrupt: Arc<AtomicBool>,
}

/// The shared database and the statements waiting for it or running on it.
pub struct Engine {
    db: Arc<RwLock<Database>>,
    /// Set at shutdown: statements that come after are cancelled before they start.
    stopping: AtomicBool,
    statements: Mutex<HashMap<String, Running>>,
    permits: Arc<Semaphore>,
    next_id: AtomicU64,
    read_only: bool,
}

/// Too many statements are waiting already.
#[derive(Debug)]
pub struct Busy;

impl Engine {
    pub fn new(mut db: Database, read_only: bool, max_statements: usize) -> Engine {
        db.set_read_only(read_only);
        Engine {
            db: Arc::new(RwLock::new(db)),
            stopping: AtomicBool::new(false),
            statements: Mutex::new(HashMap::new()),
            permits: Arc::new(Semaphore::new(max_statements.max(1))),
            next_id: AtomicU64::new(1),
            read_only,
        }
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// A fresh statement id.
    pub fn new_id(&self) -> String {
        format!("q{}", self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    /// A place among the statements allowed to wait, or `Busy`.
    pub fn admit(&self) -> Result<OwnedSemaphorePermit, Busy> {
        self.permits.clone().try_acquire_owned().map_err(|_| Busy)
    }

    /// The statements waiting or running, by id.
    pub fn list(&self) -> Vec<(String, Running)> {
        let map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        let mut list: Vec<(String, Running)> =
            map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        list.sort_by_key(|(_, r)| r.started);
        list
    }

    /// Cancel a statement by id: true when it was waiting or running.
    pub fn cancel(&self, id: &str) -> bool {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(id) {
            Some(entry) => {
                entry.interrupt.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    /// Interrupt whatever runs (at shutdown).
    pub fn interrupt_all(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        for entry in map.values() {
            entry.interrupt.store(true, Ordering::SeqCst);
        }
    }

    /// The database held alone, once every statement before has finished (for an explicit
    /// transaction, for saving at shutdown).
    pub async fn lock(&self) -> Exclusive {
        self.db.clone().write_owned().await
    }

    /// The database shared with the other readers (for reading the schema, rendering a page).
    pub async fn read(&self) -> OwnedRwLockReadGuard<Database> {
        self.db.clone().read_owned().await
    }

    /// Run one statement with `params` under id `id`, then `then` on the database and the
    /// outcome while the database is still held (to render nodes and relationships as the
    /// statement left them). `read_only` refuses writes for this statement alone. A statement
    /// that only reads runs beside the other reads; one that writes runs alone.
    pub async fn run<T: Send + 'static, F>(
        &self,
        id: String,
        statement: String,
        params: HashMap<String, Value>,
        read_only: bool,
        then: F,
    ) -> Result<T, Error>
    where
        F: FnOnce(&Database, crate::diagnostic::Result<QueryResult>) -> T + Send + 'static,
    {
        self.register(&id, &statement);
        // Dropped before the statement is done (the client went away): it is cancelled.
        let _registered = Registered {
            engine: self,
            id: id.clone(),
        };
        let shared = self.db.clone().read_owned().await;
        let (cancelled, interrupt) = self.start(&id);
        let work = move || {
            let db: &Database = &shared;
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if cancelled {
                    return Ok(then(db, Err(not_started())));
                }
                match db.query_shared(&statement, &params, Some(&interrupt)) {
                    Shared::Ran(result) => Ok(then(db, result)),
                    Shared::NeedsExclusive => Err((statement, params, then)),
                }
            }));
            drop(shared);
            outcome
        };
        match tokio::task::spawn_blocking(work).await {
            Ok(Ok(Ok(out))) => {
                self.forget(&id);
                Ok(out)
            }
            // It writes: again, with the database alone.
            Ok(Ok(Err((statement, params, then)))) => {
                self.set_waiting(&id);
                let guard = self.lock().await;
                self.run_locked(guard, id, statement, params, read_only, then)
                    .await
                    .1
            }
            Ok(Err(_)) | Err(_) => {
                self.forget(&id);
                Err(failed())
            }
        }
    }

    /// Whether a statement with this id is waiting or running.
    pub fn is_active(&self, id: &str) -> bool {
        let map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        map.contains_key(id)
    }

    fn forget(&self, id: &str) {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(id);
    }

    fn register(&self, id: &str, statement: &str) {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(
            id.to_string(),
            Running {
                statement: statement.to_string(),
                started: Instant::now(),
                running: false,
                interrupt: Arc::new(AtomicBool::new(self.stopping.load(Ordering::SeqCst))),
            },
        );
    }

    /// Mark a statement as waiting again (for the database alone).
    fn set_waiting(&self, id: &str) {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = map.get_mut(id) {
            entry.running = false;
        }
    }

    /// Mark a statement as running: whether it was cancelled before it started, and the flag
    /// that stops it.
    fn start(&self, id: &str) -> (bool, Arc<AtomicBool>) {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry(id.to_string()).or_insert_with(|| Running {
            statement: String::new(),
            started: Instant::now(),
            running: false,
            interrupt: Arc::new(AtomicBool::new(self.stopping.load(Ordering::SeqCst))),
        });
        entry.running = true;
        (
            entry.interrupt.load(Ordering::SeqCst),
            entry.interrupt.clone(),
        )
    }

    /// Run a statement on a database already held (by `run`, or by an open transaction),
    /// giving the database back (`None` only when the runtime is shutting down). An `Err` is a
    /// failure of the server, not of the statement: the statement's own error is what `then`
    /// was given.
    pub async fn run_locked<T: Send + 'static>(
        &self,
        guard: Exclusive,
        id: String,
        statement: String,
        params: HashMap<String, Value>,
        read_only: bool,
        then: impl FnOnce(&Database, crate::diagnostic::Result<QueryResult>) -> T + Send + 'static,
    ) -> (Option<Exclusive>, Result<T, Error>) {
        if !self.is_active(&id) {
            self.register(&id, &statement);
        }
        let (cancelled, interrupt) = self.start(&id);
        let _registered = Registered {
            engine: self,
            id: id.clone(),
        };
        let server_read_only = self.read_only;
        let work = move || {
            let mut guard = guard;
            let db: &mut Database = &mut guard;
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let result = if cancelled {
                    Err(not_started())
                } else {
                    let saved = std::mem::replace(&mut db.params, params);
                    db.set_read_only(server_read_only || read_only);
                    db.set_interrupt(interrupt);
                    let result = db.query(&statement);
                    db.set_read_only(server_read_only);
                    db.params = saved;
                    result
                };
                then(db, result)
            }));
            (guard, out)
        };
        let joined = tokio::task::spawn_blocking(work).await;
        self.forget(&id);
        match joined {
            Ok((guard, Ok(out))) => (Some(guard), Ok(out)),
            Ok((guard, Err(_))) => (Some(guard), Err(failed())),
            Err(_) => (None, Err(failed())),
        }
    }
}

/// The error of a statement cancelled while it waited.
fn not_started() -> Error {
    Error::new(
        ErrorKind::Interrupted,
        "the statement was cancelled before it started",
    )
}

/// A failure of the server, not of the statement (a panic caught, a runtime shutting down).
fn failed() -> Error {
    Error::new(ErrorKind::Resource, "the statement failed unexpectedly")
}

/// A statement registered under its id: when the future that runs it is dropped before it is
/// done (the client closed the connection), the statement is cancelled and forgotten.
struct Registered<'a> {
    engine: &'a Engine,
    id: String,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        if self.engine.is_active(&self.id) {
            self.engine.cancel(&self.id);
            self.engine.forget(&self.id);
        }
    }
}
