//! The one database every connection shares, and how statements reach it.
//!
//! Locking: `Database::query` takes `&mut self` (planning interns names into the graph, and a
//! statement with updates runs in a graph transaction), so statements cannot share the
//! database, even those that only read: the database sits behind one asynchronous mutex and
//! statements run one at a time, each on a blocking thread (the statement itself then runs on
//! the thread `Database` gives it). A write is therefore serialised and atomic, and a read
//! never sees half of one. An explicit transaction (Bolt's BEGIN) holds the mutex until its
//! COMMIT or ROLLBACK, so its statements and their undo are never interleaved with anyone
//! else's. How many statements may wait for the mutex at once is bounded (`max_statements`):
//! past it, a request is refused at once instead of queueing without end.
//!
//! Cancelling: every statement gets an id; `cancel` sets the database's interrupt flag when
//! the statement is the one running, and marks it when it is still waiting, so that it fails
//! with `Interrupted` instead of starting.

use crate::{Database, Error, ErrorKind, QueryResult, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

/// What a statement is doing, for `GET /queries`.
#[derive(Clone, Debug)]
pub struct Running {
    pub statement: String,
    pub started: Instant,
    pub running: bool,
    cancelled: bool,
}

/// The shared database and the statements waiting for it or running on it.
pub struct Engine {
    db: Arc<tokio::sync::Mutex<Database>>,
    interrupt: Arc<AtomicBool>,
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
        let interrupt = Arc::new(AtomicBool::new(false));
        db.set_interrupt(interrupt.clone());
        db.set_read_only(read_only);
        Engine {
            db: Arc::new(tokio::sync::Mutex::new(db)),
            interrupt,
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
                entry.cancelled = true;
                if entry.running {
                    self.interrupt.store(true, Ordering::SeqCst);
                }
                true
            }
            None => false,
        }
    }

    /// Interrupt whatever runs (at shutdown).
    pub fn interrupt_all(&self) {
        let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        for entry in map.values_mut() {
            entry.cancelled = true;
        }
        self.interrupt.store(true, Ordering::SeqCst);
    }

    /// The database, once every statement before has finished (for saving at shutdown, for
    /// reading the schema).
    pub async fn lock(&self) -> OwnedMutexGuard<Database> {
        self.db.clone().lock_owned().await
    }

    /// Run one statement with `params` under id `id`, then `then` on the database and the
    /// outcome while the database is still held (to render nodes and relationships as the
    /// statement left them). `read_only` refuses writes for this statement alone.
    pub async fn run<T: Send + 'static>(
        &self,
        id: String,
        statement: String,
        params: HashMap<String, Value>,
        read_only: bool,
        then: impl FnOnce(&Database, crate::diagnostic::Result<QueryResult>) -> T + Send + 'static,
    ) -> Result<T, Error> {
        self.register(&id, &statement);
        // Dropped before the statement is done (the client went away): it is cancelled.
        let _registered = Registered {
            engine: self,
            id: id.clone(),
        };
        let guard = self.lock().await;
        self.run_locked(guard, id, statement, params, read_only, then)
            .await
            .1
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
                cancelled: false,
            },
        );
    }

    /// Run a statement on a database already held (by `run`, or by an open transaction),
    /// giving the database back (`None` only when the runtime is shutting down). An `Err` is a
    /// failure of the server, not of the statement: the statement's own error is what `then`
    /// was given.
    pub async fn run_locked<T: Send + 'static>(
        &self,
        guard: OwnedMutexGuard<Database>,
        id: String,
        statement: String,
        params: HashMap<String, Value>,
        read_only: bool,
        then: impl FnOnce(&Database, crate::diagnostic::Result<QueryResult>) -> T + Send + 'static,
    ) -> (Option<OwnedMutexGuard<Database>>, Result<T, Error>) {
        let cancelled = {
            let mut map = self.statements.lock().unwrap_or_else(|e| e.into_inner());
            let entry = map.entry(id.clone()).or_insert_with(|| Running {
                statement: statement.clone(),
                started: Instant::now(),
                running: false,
                cancelled: false,
            });
            entry.running = true;
            if !entry.cancelled {
                self.interrupt.store(false, Ordering::SeqCst);
            }
            entry.cancelled
        };
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
                    Err(Error::new(
                        ErrorKind::Interrupted,
                        "the statement was cancelled before it started",
                    ))
                } else {
                    let saved = std::mem::replace(&mut db.params, params);
                    db.set_read_only(server_read_only || read_only);
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
        let failed = || Error::new(ErrorKind::Resource, "the statement failed unexpectedly");
        match joined {
            Ok((guard, Ok(out))) => (Some(guard), Ok(out)),
            Ok((guard, Err(_))) => (Some(guard), Err(failed())),
            Err(_) => (None, Err(failed())),
        }
    }
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
